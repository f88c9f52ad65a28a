/**
 * What the CLI needs from the process it runs in, as a small structural
 * type of our own: the package compiles without Node's type package, and
 * tests can run the commands against a fake host.
 */

/** Arguments, environment and output of one CLI run. */
export interface CliHost {
  /** Arguments after the script name, e.g. `['doctor', '--json']`. */
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
  /** Writes to stdout. */
  write(text: string): void
  /** Writes to stderr. */
  writeError(text: string): void
}

interface ProcessLike {
  argv?: string[]
  env?: Record<string, string | undefined>
  exitCode?: number | string | undefined
  stdout?: { write(text: string): unknown }
  stderr?: { write(text: string): unknown }
}

function currentProcess(): ProcessLike {
  const proc = (globalThis as { process?: ProcessLike }).process
  if (proc === undefined) throw new Error('lastcall: the CLI needs a Node-compatible `process` (Node, Bun or Deno)')
  return proc
}

/**
 * The running process as a CliHost.
 * @example const host = processHost()
 */
export function processHost(): CliHost {
  const proc = currentProcess()
  return {
    argv: (proc.argv ?? []).slice(2),
    env: proc.env ?? {},
    write: (text) => void proc.stdout?.write(text),
    writeError: (text) => void proc.stderr?.write(text),
  }
}

/**
 * Sets the exit status without cutting output short, as `process.exit()` could.
 * @example setExitCode(1)
 */
export function setExitCode(code: number): void {
  currentProcess().exitCode = code
}
