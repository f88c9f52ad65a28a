/**
 * Runs `wrangler dev` (local workerd, offline) on free loopback ports with
 * the top-level wrangler.toml, waits until it answers, and kills its whole
 * process group afterwards. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/prometheus.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const WRANGLER_BIN = join(ROOT, 'node_modules/.bin/wrangler')
const READY_TIMEOUT_MS = 45_000

export interface WranglerOptions {
  /** Bindings passed as `--var KEY:VALUE` (override [vars]). */
  readonly vars?: Readonly<Record<string, string>>
  /** A config other than the top-level wrangler.toml, relative to the repository root. */
  readonly config?: string
  /** An entry other than wrangler.toml's `main` (the [alias] map still applies). */
  readonly script?: string
  readonly compatibilityFlags?: readonly string[]
  /** Expose `/__scheduled` to fire the `scheduled` handler. */
  readonly testScheduled?: boolean
}

export interface Wrangler {
  readonly url: string
  output(): string
  stop(): Promise<void>
}

/** Whether wrangler is installed; missing: fail under CI=true, else skip loudly. */
export function wranglerAvailable(): boolean {
  try {
    accessSync(WRANGLER_BIN, constants.X_OK)
    return true
  } catch {
    if (process.env['CI'] === 'true') return true
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING workerd tests: ${WRANGLER_BIN} is missing (npm install wrangler@4.86.0)\n${'!'.repeat(78)}\n`)
    return false
  }
}

/**
 * Starts wrangler dev and resolves once the Worker answers HTTP.
 * @example const worker = await startWrangler({ vars: { LASTCALL_REMOTE_WRITE_URL: `${prometheus.url}/api/v1/write` } })
 */
export async function startWrangler(options: WranglerOptions = {}): Promise<Wrangler> {
  const [port, inspectorPort] = [await freePort(), await freePort()]
  const persist = mkdtempSync(join(tmpdir(), 'lastcall-wrangler-'))
  const args = [
    'dev', ...(options.script === undefined ? [] : [options.script]),
    '--config', join(ROOT, options.config ?? 'wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(inspectorPort), '--persist-to', persist,
    ...Object.entries(options.vars ?? {}).flatMap(([key, value]) => ['--var', `${key}:${value}`]),
    ...(options.compatibilityFlags ?? []).flatMap((flag) => ['--compatibility-flags', flag]),
    ...(options.testScheduled === true ? ['--test-scheduled'] : []),
  ]
  const child = spawn(WRANGLER_BIN, args, {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  let output = ''
  const append = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-400_000) }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const url = `http://127.0.0.1:${port}`
  const worker: Wrangler = { url, output: () => output, stop: once(async () => {
    await killGroup(child)
    rmSync(persist, { recursive: true, force: true })
  }) }
  try {
    await waitAnswering(url, child, () => output)
    return worker
  } catch (error) {
    await worker.stop()
    throw error
  }
}

async function waitAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited with ${child.exitCode}:\n${output()}`)
    if (output().includes('Ready on')) {
      try {
        // Any answer will do; the path is one no test counts.
        await (await fetch(`${url}/__ready`, { signal: AbortSignal.timeout(2000) })).arrayBuffer()
        return
      } catch {
        // Listening soon.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`wrangler not answering within ${READY_TIMEOUT_MS} ms:\n${output()}`)
}

/** SIGTERM to the group (wrangler, workerd, esbuild), SIGKILL after 5 s. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    } catch {
      // Already gone.
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
  // workerd may outlive wrangler by a moment; make sure the group is gone.
  signal('SIGKILL')
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}
