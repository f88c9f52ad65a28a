/**
 * Runs the CLI as users do, in a child process (`node --import tsx
 * src/cli/main.ts …`), with only the environment a test gives it, so a
 * developer's own OTEL_* or LASTCALL_* variables cannot leak in.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface DoctorRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** stdout and stderr together, for "never printed" checks. */
  readonly all: string
}

/**
 * Runs `lastcall <args>` with `env`, at most `timeoutMs`.
 * @example const run = await runDoctor(['doctor', '--otlp', receiver.url])
 */
export function runDoctor(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 25_000): Promise<DoctorRun> {
  const childEnv = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: childEnv, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1
      resolve({ code, stdout, stderr, all: `${stdout}\n${stderr}` })
    })
  })
}
