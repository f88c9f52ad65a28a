/**
 * `lastcall doctor`: check every configured backend at once and print
 * the verdicts. Returns the exit status instead of exiting, so it can run
 * against a fake host.
 */
import { parseArgs } from './args.js'
import { runCheck } from './check.js'
import type { CliHost } from './host.js'
import { backendView, formatText } from './report.js'
import { configuredTargets } from './targets.js'
import { NOTHING_CONFIGURED, USAGE } from './usage.js'

/** Exit statuses of the CLI. */
export const ExitCodes = {
  ok: 0,
  backendFailed: 1,
  /** Nothing configured, or arguments that make no sense. */
  usage: 2,
  /** A bug in the CLI itself (sysexits' EX_SOFTWARE). */
  internalError: 70,
} as const

/**
 * Runs the CLI's command line on `host`; resolves to the exit status.
 * @example setExitCode(await runCli(processHost()))
 */
export async function runCli(host: CliHost): Promise<number> {
  const parsed = parseArgs(host.argv)
  if (parsed.command === 'help') {
    host.write(USAGE)
    return ExitCodes.ok
  }
  if (parsed.command === 'error') {
    host.writeError(`lastcall: ${parsed.message}\n\n${USAGE}`)
    return ExitCodes.usage
  }
  const { args } = parsed
  const targets = configuredTargets(args, host.env)
  if (targets.length === 0) {
    if (args.json) host.write(`${JSON.stringify({ ok: false, error: 'no backend is configured', backends: [] }, null, 2)}\n`)
    else host.writeError(NOTHING_CONFIGURED)
    return ExitCodes.usage
  }
  // In parallel, each under its own deadline: one dead backend does not delay the verdict on the others.
  const results = await Promise.all(targets.map((target) => runCheck(target, { service: args.service, timeoutMs: args.timeoutMs, env: host.env })))
  const views = results.map((result) => backendView(result, args.timeoutMs))
  const ok = views.every((view) => view.ok)
  if (args.json) host.write(`${JSON.stringify({ ok, service: args.service, timeoutMs: args.timeoutMs, backends: views }, null, 2)}\n`)
  else host.write(formatText(views, args))
  return ok ? ExitCodes.ok : ExitCodes.backendFailed
}
