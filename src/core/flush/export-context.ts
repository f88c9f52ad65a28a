/**
 * Builds the ExportContext one adapter gets for one flush: a deadline, an
 * abort signal that fires at it, and the shared retry loop.
 */
import type { ExportContext } from '../adapter.js'
import { systemClock, type Clock } from '../clock.js'
import { silentDiagnostics, type DiagnosticLogger } from '../diagnostics.js'
import { retryUntil, type RetryPolicy } from './retry.js'
import { untracedFetch } from '../runtime.js'

export interface ExportContextInit {
  /** Time budget from now, ms. */
  readonly timeoutMs: number
  readonly clock?: Clock
  readonly logger?: DiagnosticLogger
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly fetch?: typeof fetch
  readonly retryPolicy?: RetryPolicy
  /** Aborts together with the deadline, e.g. the whole flush's signal. */
  readonly signal?: AbortSignal
}

/**
 * Makes an ExportContext. Used by the flush engine, and by adapter tests.
 * Call `dispose()` when done so the deadline timer does not keep a process alive.
 * @example const { context, dispose } = createExportContext({ timeoutMs: 2000 })
 */
export function createExportContext(init: ExportContextInit): { context: ExportContext; dispose: () => void } {
  const clock = init.clock ?? systemClock
  const deadline = clock.now() + init.timeoutMs
  // The signal is made on first use: a local adapter (EMF, console) never reads it, and the
  // first AbortController of a Node process costs about a millisecond of a cold start.
  let controller: AbortController | undefined
  let aborted = false
  const abort = (): void => {
    aborted = true
    controller?.abort()
  }
  const signalOf = (): AbortSignal => {
    if (controller === undefined) {
      controller = new AbortController()
      if (aborted) controller.abort()
    }
    return controller.signal
  }
  const timer = setTimeout(abort, Math.max(0, init.timeoutMs))
  if (init.signal?.aborted === true) aborted = true
  else init.signal?.addEventListener('abort', abort, { once: true })
  const retryPolicy = init.retryPolicy
  const context: ExportContext = {
    get signal() {
      return signalOf()
    },
    deadline,
    clock,
    logger: init.logger ?? silentDiagnostics,
    env: init.env ?? {},
    fetch: init.fetch ?? untracedFetch,
    retry: (attempt) => {
      const signal = signalOf()
      return retryUntil(attempt, retryPolicy === undefined ? { deadline, clock, signal } : { deadline, clock, signal, policy: retryPolicy })
    },
  }
  const dispose = (): void => {
    clearTimeout(timer)
    init.signal?.removeEventListener('abort', abort)
  }
  return { context, dispose }
}
