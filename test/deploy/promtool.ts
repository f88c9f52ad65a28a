/**
 * Runs promtool (Debian package `prometheus`, which `.ci/run` installs)
 * with a time limit. Availability follows the rule of the other backend
 * tests: skipped loudly when missing, failing under CI=true.
 */
import { execFile } from 'node:child_process'
import { backendsAvailable } from '../support/prometheus.js'

export const PROMTOOL_BIN = process.env['PROMTOOL_BIN'] ?? '/usr/bin/promtool'

/** `{ run }` for `describe.skipIf(!promtool.run)`; see backendsAvailable. */
export const promtool = backendsAvailable(PROMTOOL_BIN)

export interface PromtoolResult {
  readonly code: number
  /** stdout and stderr together: promtool splits its messages between them. */
  readonly output: string
}

/**
 * Runs `promtool <args>` in `cwd`, at most `timeoutMs`.
 * @example const { code, output } = await runPromtool(['check', 'rules', 'alerts.yml'], dir)
 */
export function runPromtool(args: readonly string[], cwd: string, timeoutMs = 20_000): Promise<PromtoolResult> {
  return new Promise((resolve) => {
    execFile(PROMTOOL_BIN, [...args], { cwd, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolve({ code, output: `${stdout}${stderr}` })
    })
  })
}
