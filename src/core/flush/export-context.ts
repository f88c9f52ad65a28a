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
  const context = new FlushContext(init)
  return { context, dispose: () => context.dispose() }
}

/**
 * One adapter's context for one flush. A class rather than an object literal
 * with a `signal` getter: Node 20's V8 builds such a literal on a slow path
 * (about a microsecond), and one is made per adapter per flush. `signal` is a
 * getter on the prototype, and it, its deadline timer and its link to the
 * flush's signal are made on first read: a local adapter (EMF, console) never
 * reads it, so its flush sets no timer at all, and the first AbortController
 * of a Node process costs about a millisecond of a cold start.
 */
class FlushContext implements ExportContext {
  readonly deadline: number
  readonly clock: Clock
  readonly logger: DiagnosticLogger
  readonly env: Readonly<Record<string, string | undefined>>
  readonly fetch: typeof fetch
  // An own property, as it was on the literal: code that copies the context keeps it.
  readonly retry: ExportContext['retry']
  readonly #outer: AbortSignal | undefined
  #controller: AbortController | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  // Whether the signal, made after dispose, is born aborted; undefined until dispose.
  #abortedAtDispose: boolean | undefined

  constructor(init: ExportContextInit) {
    const clock = init.clock ?? systemClock
    const deadline = clock.now() + init.timeoutMs
    this.deadline = deadline
    this.clock = clock
    this.logger = init.logger ?? silentDiagnostics
    this.env = init.env ?? {}
    this.fetch = init.fetch ?? untracedFetch
    const retryPolicy = init.retryPolicy
    this.retry = (attempt) => {
      const signal = this.signal
      return retryUntil(attempt, retryPolicy === undefined ? { deadline, clock, signal } : { deadline, clock, signal, policy: retryPolicy })
    }
    this.#outer = init.signal
  }

  get signal(): AbortSignal {
    if (this.#controller !== undefined) return this.#controller.signal
    const controller = (this.#controller = new AbortController())
    if (this.#abortedAtDispose !== undefined) {
      // Disposed: only what had happened by then counts.
      if (this.#abortedAtDispose) controller.abort()
    } else if (this.#outer?.aborted === true || this.clock.now() >= this.deadline) {
      controller.abort()
    } else {
      this.#timer = setTimeout(this.#abort, Math.max(0, this.deadline - this.clock.now()))
      this.#outer?.addEventListener('abort', this.#abort, { once: true })
    }
    return controller.signal
  }

  dispose(): void {
    if (this.#abortedAtDispose !== undefined) return
    this.#abortedAtDispose = this.#controller?.signal.aborted ?? (this.#outer?.aborted === true || this.clock.now() >= this.deadline)
    if (this.#timer !== undefined) clearTimeout(this.#timer)
    this.#outer?.removeEventListener('abort', this.#abort)
  }

  readonly #abort = (): void => {
    this.#controller?.abort()
  }
}
