/**
 * Runs a server binary for a test: on a free loopback port, awaited on
 * `/-/ready`, stopped with SIGTERM (SIGKILL after a grace period) and its
 * temp dir removed. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, rmSync } from 'node:fs'
import { createServer } from 'node:net'

const READY_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 5_000

/** A started server; `stop()` is idempotent. */
export interface RunningServer {
  readonly url: string
  /** `127.0.0.1:<port>`, as a scrape target. */
  readonly address: string
  stop(): Promise<void>
}

/** Whether `path` is an executable file. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** How to run the binary on `port`: its arguments and a temp dir to remove at stop. */
export type Launch = (port: number) => Promise<{ args: string[]; dir?: string }>

/** A port taken between `freePort()` and the bind makes the start fail; a few attempts absorb that race. */
export async function startWithRetries(binary: string, launch: Launch): Promise<RunningServer> {
  if (!executable(binary)) throw new Error(`${binary} is missing or not executable`)
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start(binary, await freePort(), launch)
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}

async function start(binary: string, port: number, launch: Launch): Promise<RunningServer> {
  const { args, dir } = await launch(port)
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  // If the test process ends without stopping the server (a crash, a timeout), take the server with it.
  const onExit = (): void => {
    child.kill('SIGKILL')
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const url = `http://127.0.0.1:${port}`
  const stop = once(async () => {
    process.removeListener('exit', onExit)
    await stopChild(child, dir)
  })
  const server: RunningServer = { url, address: `127.0.0.1:${port}`, stop }
  try {
    await waitReady(url, child, () => stderr)
    return server
  } catch (error) {
    await server.stop()
    throw error
  }
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before becoming ready: ${stderr()}`)
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`not ready within ${READY_TIMEOUT_MS} ms: ${stderr()}`)
}

async function stopChild(child: ChildProcess, dir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    await exited
    clearTimeout(timer)
  }
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}

