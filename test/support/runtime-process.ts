/**
 * A server process of another runtime (Deno, Bun) started for a test: in
 * its own process group, on a port it picks and prints, bounded in time,
 * killed with its group afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LISTEN_TIMEOUT_MS = 30_000

/** Whether `bin` is there; missing: fail under CI=true (the test then errors), else skip loudly. */
export function runtimeAvailable(bin: string, name: string): boolean {
  try {
    accessSync(bin, constants.X_OK)
    return true
  } catch {
    if (process.env['CI'] === 'true') return true
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING ${name} tests: ${bin} is missing (npm package '${name}')\n${'!'.repeat(78)}\n`)
    return false
  }
}

export interface RuntimeServer {
  readonly url: string
  output(): string
  /** Sends a signal to the process and resolves with how it ended (bounded). */
  signal(name: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: string | null }>
  stop(): Promise<void>
}

/**
 * Starts `bin args` and waits for a line `listening on http://host:port`.
 * @example const server = await startRuntimeServer(DENO, ['run', '-A', 'server.ts'], { PORT: '0' })
 */
export async function startRuntimeServer(bin: string, args: readonly string[], env: Record<string, string>): Promise<RuntimeServer> {
  const child = spawn(bin, [...args], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...env },
  })
  let output = ''
  const append = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-100_000) }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  const stop = () => killGroup(child, exited)
  const deadline = Date.now() + LISTEN_TIMEOUT_MS
  let url: string | undefined
  while ((url = /listening on (http:\/\/\S+)/.exec(output)?.[1]) === undefined) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`${bin} did not start listening within ${LISTEN_TIMEOUT_MS} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    output: () => output,
    async signal(name, timeoutMs = 15_000) {
      child.kill(name)
      const timer = setTimeout(() => void stop(), timeoutMs)
      const ended = await exited
      clearTimeout(timer)
      return ended
    },
    stop,
  }
}

async function killGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
  await exited
}
