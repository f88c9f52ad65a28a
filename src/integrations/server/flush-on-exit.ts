/**
 * Flush on SIGTERM/SIGINT. Node, Bun and Deno skip their exit hooks when a
 * signal kills the process (specs RT-12, RT-13), so the only way to send
 * the last data is to listen for the signal, flush, and exit ourselves.
 */
import { OptionsError, type Telemetry } from '../../index.js'
import { exitProcess, onSignal, SignalNumbers, type ExitSignal } from './host.js'

/** Options of `flushOnExit`. */
export interface FlushOnExitOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  readonly signals?: readonly ExitSignal[]
  /** Deadline of the final flush, and separately of the adapters' shutdown; default the telemetry's `flushTimeoutMs`. */
  readonly timeoutMs?: number
}

/** Past both deadlines of `shutdown`, for an adapter that ignores its abort signal. */
const BACKSTOP_GRACE_MS = 250

/**
 * On the first listed signal: `telemetry.shutdown()` (a flush, then each
 * adapter's cleanup), then exit with 128 + the signal number (143 for
 * SIGTERM, 130 for SIGINT). A second signal exits at once. Returns a
 * function that removes the listeners. Does nothing where the host has no
 * signals (Workers).
 * @example
 * flushOnExit(telemetry, { timeoutMs: 3000 })
 */
export function flushOnExit(telemetry: Telemetry, options: FlushOnExitOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT']
  for (const signal of signals) {
    if (!Object.hasOwn(SignalNumbers, signal)) {
      throw new OptionsError('flush-on-exit-signal', `flushOnExit: unsupported signal ${JSON.stringify(signal)}; use one of ${Object.keys(SignalNumbers).join(', ')}`)
    }
  }
  const timeoutMs = options.timeoutMs ?? telemetry.options.flushTimeoutMs
  let exiting = false
  const removers = signals.map((signal) => onSignal(signal, () => {
    const code = 128 + SignalNumbers[signal]
    if (exiting) return exitProcess(code)
    exiting = true
    void shutdownThenExit(telemetry, timeoutMs, code)
  }))
  return () => {
    for (const remove of removers) remove?.()
  }
}

async function shutdownThenExit(telemetry: Telemetry, timeoutMs: number, code: number): Promise<void> {
  const backstop = setTimeout(() => exitProcess(code), 2 * timeoutMs + BACKSTOP_GRACE_MS)
  try {
    await telemetry.shutdown({ timeoutMs })
  } finally {
    clearTimeout(backstop)
    exitProcess(code)
  }
}
