/**
 * Where EMF lines go by default. Lambda's JSON log format
 * (`AWS_LAMBDA_LOG_FORMAT=JSON`) patches the global `console` to wrap each
 * message in its own JSON object, which would hide the EMF document inside a
 * string (EMF-10), so lines go to stdout itself.
 *
 * On Lambda under Node, they are written to file descriptor 1 with
 * `fs.writeSync`, not through `process.stdout`: Node builds that stream on
 * first access, and building it costs a few ms of CPU at every cold start
 * (more than the rest of an EMF flush). Lambda's own runtime writes its log
 * lines the same way, synchronously to a descriptor, and like them a direct
 * write to a blocking pipe waits while the log reader lags. Everywhere else, and
 * whenever a direct write cannot finish, lines go through `process.stdout`,
 * whose writes to pipes and files are synchronous on Linux too, so nothing is
 * left in a buffer when Lambda freezes the environment.
 */
import { hostEnv } from '../../src/index.js'

interface StdoutLike {
  write(chunk: string | Uint8Array): unknown
}

interface NodeFs {
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number
}

interface NodeProcess {
  stdout?: Partial<StdoutLike>
  getBuiltinModule?: (id: string) => unknown
}

/**
 * The direct sink: `fs.writeSync` on descriptor 1, or `null` where it is not
 * used. Decided once, at the first write or warm-up.
 */
let direct: NodeFs | null | undefined
let encoder: TextEncoder | undefined

/**
 * The default line sink: on Lambda under Node, a synchronous write to
 * descriptor 1; elsewhere `process.stdout.write` where the host has it
 * (Node, Bun, Deno's Node compatibility), `console.log` where it does not.
 * `process.stdout` is looked up at each call so that tests and hosts can
 * replace it; pass `write` to the adapter to capture lines instead.
 * @example defaultEmfWriter()('{"_aws":…}')
 */
export function defaultEmfWriter(): (line: string) => void {
  return writeLine
}

/**
 * Gets the default sink ready now rather than at the first EMF line: on
 * Lambda, loads `fs` for the direct write; elsewhere makes the host build
 * `process.stdout`, a few ms on a cold start.
 * @example prepareDefaultEmfWriter()
 */
export function prepareDefaultEmfWriter(): void {
  if (directSink() === null) hostStdout()
}

function writeLine(line: string): void {
  const fs = directSink()
  if (fs !== null) {
    writeDirect(fs, `${line}\n`)
    return
  }
  const stdout = hostStdout()
  if (stdout !== undefined && typeof stdout.write === 'function') stdout.write(`${line}\n`)
  else console.log(line)
}

/**
 * Writes all of `text` to descriptor 1. A descriptor in non-blocking mode
 * (Node sets that once anything builds `process.stdout` on a pipe) refuses
 * with EAGAIN, or takes part, while the reader lags; then the rest goes
 * through `process.stdout`, which queues it, and so does every later line, so
 * none overtakes what the stream still holds. Other errors (a closed
 * descriptor) are thrown for the export to report.
 * What this cannot order is output that other code queued in
 * `process.stdout` before the pipe filled: a direct line may overtake it, and
 * a line cut short by a partial write has its rest queued behind it. That
 * takes a program writing to `process.stdout` itself while Lambda's log
 * reader lags; `console` output on Lambda goes to a descriptor of its own.
 */
function writeDirect(fs: NodeFs, text: string): void {
  const bytes = (encoder ??= new TextEncoder()).encode(text)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += fs.writeSync(1, bytes, offset, bytes.length - offset)
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'EAGAIN') throw error
      direct = null
      const stdout = hostStdout()
      if (stdout === undefined || typeof stdout.write !== 'function') throw error
      stdout.write(offset === 0 ? text : bytes.subarray(offset))
      return
    }
  }
}

/**
 * `fs` when lines should be written to descriptor 1 directly: on Lambda (its
 * function name is set in the host's environment) with a Node that has
 * `process.getBuiltinModule` (20.16 and later). A worker thread writes there
 * too: its `process.stdout` ends at the same descriptor, through the main
 * thread (telling the threads apart would load `worker_threads`, ~3 ms).
 */
function directSink(): NodeFs | null {
  if (direct !== undefined) return direct
  direct = null
  const proc = (globalThis as { process?: NodeProcess }).process
  const name = hostEnv()['AWS_LAMBDA_FUNCTION_NAME']
  if (name === undefined || name === '' || typeof proc?.getBuiltinModule !== 'function') return direct
  try {
    const fs = proc.getBuiltinModule('node:fs') as Partial<NodeFs> | undefined
    if (typeof fs?.writeSync === 'function') direct = fs as NodeFs
  } catch {
    // A host whose getBuiltinModule refuses `fs` keeps the stream.
  }
  return direct
}

function hostStdout(): Partial<StdoutLike> | undefined {
  return (globalThis as { process?: NodeProcess }).process?.stdout
}
