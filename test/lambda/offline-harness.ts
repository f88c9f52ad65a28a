/**
 * Runs the top-level serverless.yml under `serverless offline` (Framework
 * v3, no login) on free loopback ports, and a slow loopback Pushgateway
 * stand-in that records when each push was answered. Everything is bounded
 * in time and the whole process group is killed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/prometheus.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const READY_TIMEOUT_MS = 90_000
export const SERVERLESS_BIN = `${ROOT}node_modules/.bin/serverless`

/**
 * Whether the Serverless Framework is installed. Under CI=true a missing one
 * fails the suite; elsewhere the suite is skipped with a loud message.
 */
export function serverlessAvailable(): boolean {
  if (existsSync(SERVERLESS_BIN) || process.env['CI'] === 'true') return true
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING serverless-offline tests: ${SERVERLESS_BIN} is missing (npm packages serverless@3, serverless-offline@13)\n${'!'.repeat(78)}\n`)
  return false
}

export interface Offline {
  readonly httpUrl: string
  readonly lambdaUrl: string
  /** Everything the process printed, for failure messages. */
  output(): string
  stop(): Promise<void>
}

/**
 * Starts `serverless offline` with the given variables (only those declared in serverless.yml reach the handlers).
 * @example const offline = await startOffline({ LASTCALL_PUSHGATEWAY_URL: sink.url })
 */
export async function startOffline(env: Record<string, string>): Promise<Offline> {
  const [httpPort, lambdaPort, websocketPort] = [await freePort(), await freePort(), await freePort()]
  const child = spawn(SERVERLESS_BIN, [
    'offline', '--host', '127.0.0.1', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--websocketPort', String(websocketPort),
  ], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*', ...env },
  })
  let output = ''
  let failed: Error | undefined
  child.once('error', (error) => { failed = error })
  const append = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-200_000) }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const offline: Offline = {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    lambdaUrl: `http://127.0.0.1:${lambdaPort}`,
    output: () => output,
    stop: onceAsync(() => killGroup(child)),
  }
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (!output.includes('Server ready')) {
    if (failed !== undefined) throw new Error(`serverless offline did not start: ${failed.message}`)
    if (child.exitCode !== null) throw new Error(`serverless offline exited with ${child.exitCode}:\n${output}`)
    if (Date.now() > deadline) {
      await offline.stop()
      throw new Error(`serverless offline not ready within ${READY_TIMEOUT_MS} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return offline
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try { process.kill(-child.pid!, name) } catch { /* already gone */ }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

function onceAsync(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}

/** One push the sink received. */
export interface Push {
  readonly method: string
  readonly path: string
  readonly body: string
  /** `performance.now()` when the sink answered. */
  readonly answeredAt: number
}

export interface SlowSink {
  readonly url: string
  readonly pushes: Push[]
  close(): Promise<void>
}

/** A loopback Pushgateway stand-in that answers every push after `delayMs`. */
export async function startSlowSink(delayMs: number): Promise<SlowSink> {
  const pushes: Push[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      setTimeout(() => {
        res.writeHead(200).end()
        pushes.push({ method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString(), answeredAt: performance.now() })
      }, delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    pushes,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/**
 * A sample's value in a text-format body, matching the labels given (others ignored); undefined if absent.
 * @example sampleValue(body, 'faas_coldstarts_total') // 1
 */
export function sampleValue(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line)
    if (match === null || match[1] !== name) continue
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]))
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3])
  }
  return undefined
}
