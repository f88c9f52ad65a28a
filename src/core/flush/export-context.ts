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
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), Math.max(0, init.timeoutMs))
  const onParentAbort = (): void => controller.abort()
  init.signal?.addEventListener('abort', onParentAbort, { once: true })
  const signal = controller.signal
  const context: ExportContext = {
    signal,
    deadline,
    clock,
    logger: init.logger ?? silentDiagnostics,
    env: init.env ?? {},
    fetch: init.fetch ?? untracedFetch,
    retry: (attempt) =>
      retryUntil(attempt, init.retryPolicy === undefined ? { deadline, clock, signal } : { deadline, clock, signal, policy: init.retryPolicy }),
  }
  const dispose = (): void => {
    clearTimeout(timer)
    init.signal?.removeEventListener('abort', onParentAbort)
  }
  return { context, dispose }
}
