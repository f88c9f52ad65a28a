/**
 * The guarded access to process-level globals of Node, Bun and Deno that
 * the server helpers need. No `node:` import, so the module loads on every
 * runtime, Workers included (where these helpers do nothing).
 */

interface ProcessLike {
  on?(event: string, listener: () => void): unknown
  off?(event: string, listener: () => void): unknown
  exit?(code?: number): void
}

interface DenoLike {
  addSignalListener?(signal: string, listener: () => void): void
  removeSignalListener?(signal: string, listener: () => void): void
  exit?(code?: number): void
  unrefTimer?(id: number): void
}

const host = globalThis as unknown as { process?: ProcessLike; Deno?: DenoLike }

/** Signals `flushOnExit` understands, with their numbers for the conventional exit code 128 + n. */
export const SignalNumbers = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const
export type ExitSignal = keyof typeof SignalNumbers

/**
 * Listens for `signal`; returns a remover, or undefined where the host has
 * no signals. Deno is asked first: Deno 2 also has a `process` global, but
 * its own API is the documented one.
 */
export function onSignal(signal: ExitSignal, listener: () => void): (() => void) | undefined {
  const deno = host.Deno
  if (typeof deno?.addSignalListener === 'function') {
    try {
      deno.addSignalListener(signal, listener)
    } catch {
      // Deno on Windows supports only SIGINT and SIGBREAK.
      return undefined
    }
    return () => deno.removeSignalListener?.(signal, listener)
  }
  const proc = host.process
  if (typeof proc?.on === 'function') {
    proc.on(signal, listener)
    return () => proc.off?.(signal, listener)
  }
  return undefined
}

/** Ends the process with `code`. */
export function exitProcess(code: number): void {
  if (typeof host.Deno?.exit === 'function') host.Deno.exit(code)
  else host.process?.exit?.(code)
}

/** Lets the process end while `timer` is pending (Node and Bun timers are objects; Deno's are numbers). */
export function unrefTimer(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && typeof (timer as { unref?: unknown }).unref === 'function') {
    (timer as { unref(): void }).unref()
  } else if (typeof timer === 'number' && typeof host.Deno?.unrefTimer === 'function') {
    host.Deno.unrefTimer(timer)
  }
}
