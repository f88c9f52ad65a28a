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
 * getter on the prototype, made on first use: a local adapter (EMF, console)
 * never reads it, and the first AbortController of a Node process costs about
 * a millisecond of a cold start.
 */
class FlushContext implements ExportContext {
  readonly deadline: number
  readonly clock: Clock
  readonly logger: DiagnosticLogger
  readonly env: Readonly<Record<string, string | undefined>>
  readonly fetch: typeof fetch
  // An own property, as it was on the literal: code that copies the context keeps it.
  readonly retry: ExportContext['retry']
  readonly #timer: ReturnType<typeof setTimeout>
  readonly #outer: AbortSignal | undefined
  readonly #abort = (): void => {
    this.#aborted = true
    this.#controller?.abort()
  }
  #controller: AbortController | undefined
  #aborted = false

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
    this.#timer = setTimeout(this.#abort, Math.max(0, init.timeoutMs))
    this.#outer = init.signal
    if (init.signal?.aborted === true) this.#aborted = true
    else init.signal?.addEventListener('abort', this.#abort, { once: true })
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController()
      if (this.#aborted) this.#controller.abort()
    }
    return this.#controller.signal
  }

  dispose(): void {
    clearTimeout(this.#timer)
    this.#outer?.removeEventListener('abort', this.#abort)
  }
}
