#!/usr/bin/env node
/**
 * The `lastcall` command (`npx lastcall doctor`). Only this file touches
 * the real process; the commands take a CliHost.
 */
import { ExitCodes, runCli } from './doctor.js'
import { processHost, setExitCode } from './host.js'

const host = processHost()
runCli(host).then(setExitCode, (error: unknown) => {
  // runCli reports failures itself; reaching this is a bug in the CLI, so show everything.
  host.writeError(`lastcall: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  setExitCode(ExitCodes.internalError)
})
