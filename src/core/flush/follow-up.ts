/**
 * The flush queued behind a running one. Every caller that arrives while a
 * flush runs joins it, so recorded data never waits for a later caller and
 * adapters never export twice at once. Each joiner still keeps its own
 * deadline: the shared promise settles, at the latest, when the earliest
 * joiner's time is up, and the follow-up gets only what is left of it.
 */
import type { FlushReport } from '../adapter.js'
import type { InvocationInfo } from '../data.js'

/** What a flush call asks for (the engine's `FlushOptions`). */
export interface FollowUpOptions {
  readonly timeoutMs?: number
  readonly invocation?: InvocationInfo
  readonly localOnly?: boolean
}

export class FollowUp<O extends FollowUpOptions> {
  readonly promise: Promise<FlushReport>
  #options: O
  #deadline: number
  #resolve: (report: FlushReport) => void = () => {}
  readonly #timers = new Set<ReturnType<typeof setTimeout>>()

  constructor(options: O, deadline: number) {
    this.#options = options
    this.#deadline = deadline
    this.promise = new Promise<FlushReport>((resolve) => (this.#resolve = resolve))
  }

  /** The joiners' options, merged. */
  get options(): O {
    return this.#options
  }

  /** The earliest joiner's deadline, on the engine's clock. */
  get deadline(): number {
    return this.#deadline
  }

  /** Adds a caller: its options merge in, and `expired()` answers everyone if its `waitMs` pass first. */
  join(options: O, deadline: number, waitMs: number, expired: () => FlushReport): Promise<FlushReport> {
    this.#options = mergeOptions(this.#options, options)
    this.#deadline = Math.min(this.#deadline, deadline)
    this.#timers.add(setTimeout(() => this.settle(expired()), waitMs))
    return this.promise
  }

  /** Settles the shared promise; the first call wins. */
  settle(report: FlushReport): void {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    this.#resolve(report)
  }
}

/** One follow-up flush serves every queued caller: the widest set of adapters, the shortest deadline, the latest invocation. */
export function mergeOptions<O extends FollowUpOptions>(a: O, b: O): O {
  const timeoutMs = a.timeoutMs === undefined ? b.timeoutMs : b.timeoutMs === undefined ? a.timeoutMs : Math.min(a.timeoutMs, b.timeoutMs)
  const invocation = b.invocation ?? a.invocation
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(invocation === undefined ? {} : { invocation }),
    ...(a.localOnly === true && b.localOnly === true ? { localOnly: true } : {}),
  } as O
}
