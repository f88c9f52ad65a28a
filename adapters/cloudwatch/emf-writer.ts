/**
 * Where EMF lines go by default. Lambda's JSON log format
 * (`AWS_LAMBDA_LOG_FORMAT=JSON`) patches the global `console` to wrap each
 * message in its own JSON object, which would hide the EMF document inside a
 * string (EMF-10). Writing to `process.stdout` directly bypasses that patch;
 * on Linux that write is synchronous for pipes and files, so nothing is left
 * in a buffer when Lambda freezes the environment.
 */

interface StdoutLike {
  write(chunk: string): unknown
}

/**
 * The default line sink: `process.stdout.write` where the host has it
 * (Node, Bun, Deno's Node compatibility), `console.log` elsewhere.
 * Looked up at each call so that tests and hosts can replace stdout.
 * @example defaultEmfWriter()('{"_aws":…}')
 */
export function defaultEmfWriter(): (line: string) => void {
  return (line) => {
    const stdout = hostStdout()
    if (stdout !== undefined && typeof stdout.write === 'function') stdout.write(`${line}\n`)
    else console.log(line)
  }
}

/**
 * Makes the host set up stdout now rather than at the first EMF line: Node
 * builds `process.stdout` on first access, a few ms on a cold start.
 * @example prepareDefaultEmfWriter()
 */
export function prepareDefaultEmfWriter(): void {
  hostStdout()
}

function hostStdout(): Partial<StdoutLike> | undefined {
  return (globalThis as { process?: { stdout?: Partial<StdoutLike> } }).process?.stdout
}
