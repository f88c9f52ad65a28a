/**
 * The flush engine. One flush takes one snapshot, hands every adapter its
 * view of it in parallel under a single deadline, and reports per adapter.
 * It never throws, and concurrent calls share one follow-up flush.
 */
import type { Adapter, AdapterReport, ExportOutcome, FlushReport } from '../adapter.js'
import type { Clock } from '../clock.js'
import type { ExportBatch, GaugeVersions, InvocationInfo, MetricData, ResourceData, SpanData } from '../data.js'
import type { DiagnosticLogger } from '../diagnostics.js'
import type { Registry } from '../metrics/registry.js'
import { DeltaTracker } from './delta.js'
import { createExportContext } from './export-context.js'
import { FollowUp } from './follow-up.js'
import { describeError, type RetryPolicy } from './retry.js'

export interface EngineInit {
  readonly adapters: readonly Adapter[]
  readonly registry: Registry
  readonly resource: ResourceData
  readonly instanceStartMs: number
  readonly clock: Clock
  readonly logger: DiagnosticLogger
  readonly env: Readonly<Record<string, string | undefined>>
  readonly fetch: typeof fetch
  readonly timeoutMs: number
  readonly maxQueuedSpans: number
  readonly retryPolicy?: RetryPolicy
  /** Takes the spans of finished invocations (and orphans) queued since the last flush. */
  readonly takeSpans: () => SpanData[]
  readonly onSpansDropped: (count: number) => void
  readonly onAdapterDone: (report: AdapterReport) => void
}

/** Options of one `flush()` call. */
export interface FlushOptions {
  /** Overrides `flushTimeoutMs` for this flush, e.g. the time a Lambda has left. */
  readonly timeoutMs?: number
  /** The invocation that triggered the flush, for EMF and log correlation. */
  readonly invocation?: InvocationInfo
  /** Flush only adapters marked `local` (stdout writers); the others keep their data for a later flush. */
  readonly localOnly?: boolean
}

/** What one flush took from the registry, shared by every adapter. */
interface Snapshot {
  readonly metrics: MetricData[]
  readonly versions: GaugeVersions
  readonly timeMs: number
}

interface AdapterState {
  readonly delta: DeltaTracker | undefined
  spans: SpanData[]
}

/** Grace past the deadline for an adapter that ignores its abort signal. */
const STRAGGLER_GRACE_MS = 50
/**
 * Least time worth starting a queued flush with. Less than a round trip
 * mostly aborts requests that still arrive, so a delta backend would get
 * them again with the next flush: better to leave the data for that flush.
 */
const MIN_FOLLOW_UP_MS = 100

export class FlushEngine {
  readonly #init: EngineInit
  readonly #states = new Map<Adapter, AdapterState>()
  #running: Promise<FlushReport> | undefined
  #next: FollowUp<FlushOptions> | undefined

  constructor(init: EngineInit) {
    this.#init = init
    for (const adapter of init.adapters) {
      this.#states.set(adapter, { delta: adapter.temporality === 'delta' ? new DeltaTracker(init.instanceStartMs) : undefined, spans: [] })
    }
  }

  /**
   * Flushes now, or joins the flush queued behind the one running. Either
   * way the promise settles within this call's own deadline (plus the
   * straggler grace): the wait for an earlier flush counts against it, so a
   * Lambda's remaining time or a Worker's 30 s window holds even then.
   */
  flush(options: FlushOptions = {}): Promise<FlushReport> {
    if (this.#running === undefined) return this.#start(options)
    const budget = this.#budget(options)
    const deadline = this.#init.clock.now() + budget
    const next = (this.#next ??= this.#followUp(this.#running, options, deadline))
    return next.join(options, deadline, budget + STRAGGLER_GRACE_MS, () => this.#expired(next.options, budget))
  }

  #budget(options: FlushOptions): number {
    return Math.max(0, Math.min(options.timeoutMs ?? this.#init.timeoutMs, this.#init.timeoutMs))
  }

  /** Data recorded after the running flush's snapshot must not wait for the next caller: a follow-up runs once it ends. */
  #followUp(running: Promise<FlushReport>, options: FlushOptions, deadline: number): FollowUp<FlushOptions> {
    const next = new FollowUp(options, deadline)
    void running.then(async () => {
      this.#next = undefined
      const left = next.deadline - this.#init.clock.now()
      // Too little time left: what the joiners recorded waits for the next flush rather than fail, or half arrive, now.
      if (left < Math.min(MIN_FOLLOW_UP_MS, this.#init.timeoutMs / 2)) return next.settle(this.#expired(next.options, Math.max(0, left)))
      next.settle(await this.#start({ ...next.options, timeoutMs: left }))
    })
    return next
  }

  /** The report of a flush that ran out of time waiting for an earlier one: nothing sent by it, nothing lost. */
  #expired(options: FlushOptions, budget: number): FlushReport {
    const message = 'waited for an earlier flush until the deadline; the data goes with the next flush'
    const adapters = options.localOnly === true ? this.#init.adapters.filter((a) => a.local === true) : this.#init.adapters
    return { ok: false, durationMs: budget, adapters: adapters.map((a) => ({ adapter: a.name, ok: false, durationMs: budget, attempts: 0, timedOut: true, points: 0, spans: 0, message })) }
  }

  #start(options: FlushOptions): Promise<FlushReport> {
    const run = this.#run(options).catch((error: unknown): FlushReport => {
      this.#init.logger.error('flush failed unexpectedly', { error: describeError(error) })
      return { ok: false, durationMs: 0, adapters: [] }
    })
    this.#running = run
    // `run` never rejects; one `then` costs fewer promises (each one runs Node's async hooks) than `finally`.
    const done = (): void => {
      if (this.#running === run) this.#running = undefined
    }
    void run.then(done, done)
    return run
  }

  async #run(options: FlushOptions): Promise<FlushReport> {
    const init = this.#init
    const started = init.clock.now()
    this.#queueSpans(init.takeSpans())
    // One time for the whole flush: every adapter's batch and every delta acknowledgement agree on it.
    const timeMs = init.clock.now()
    const taken: Snapshot = { metrics: init.registry.collect(timeMs), versions: init.registry.gaugeVersions(), timeMs }
    const timeoutMs = this.#budget(options)
    const adapters = options.localOnly === true ? init.adapters.filter((adapter) => adapter.local === true) : init.adapters
    const reports = await Promise.all(adapters.map((adapter) => this.#exportOne(adapter, taken, timeoutMs, options.invocation)))
    for (const report of reports) init.onAdapterDone(report)
    return { ok: reports.every((r) => r.ok), durationMs: init.clock.now() - started, adapters: reports }
  }

  #queueSpans(spans: SpanData[]): void {
    if (spans.length === 0) return
    for (const [adapter, state] of this.#states) {
      if (!adapter.signals.traces) continue
      const room = this.#init.maxQueuedSpans - state.spans.length
      if (room < spans.length) this.#init.onSpansDropped(spans.length - Math.max(0, room))
      if (room > 0) state.spans = state.spans.concat(room >= spans.length ? spans : spans.slice(0, room))
    }
  }

  async #exportOne(adapter: Adapter, taken: Snapshot, timeoutMs: number, invocation: InvocationInfo | undefined): Promise<AdapterReport> {
    const init = this.#init
    const state = this.#states.get(adapter) as AdapterState
    const started = init.clock.now()
    const metrics = !adapter.signals.metrics ? [] : state.delta === undefined ? taken.metrics : state.delta.deltas(taken.metrics, taken.versions)
    const spans = state.spans
    const points = metrics.reduce((n, m) => n + m.points.length, 0)
    if (points === 0 && spans.length === 0) {
      return { adapter: adapter.name, ok: true, durationMs: 0, attempts: 0, timedOut: false, points: 0, spans: 0 }
    }
    const batch: ExportBatch = {
      resource: init.resource, metrics, temporality: adapter.temporality, spans, timeMs: taken.timeMs,
      instanceStartMs: init.instanceStartMs, invocation,
    }
    const { context, dispose } = createExportContext({
      timeoutMs, clock: init.clock, logger: init.logger, env: init.env, fetch: init.fetch,
      ...(init.retryPolicy === undefined ? {} : { retryPolicy: init.retryPolicy }),
    })
    let outcome: ExportOutcome
    try {
      outcome = await raceDeadline(adapter.export(batch, context), timeoutMs + STRAGGLER_GRACE_MS)
    } catch (error) {
      outcome = { ok: false, message: `adapter threw: ${describeError(error)}` }
    } finally {
      dispose()
    }
    if (outcome.metricsDelivered ?? outcome.ok) state.delta?.acknowledge(taken.metrics, taken.versions, taken.timeMs)
    if ((outcome.spansDelivered ?? outcome.ok) && spans.length > 0) state.spans = state.spans.slice(spans.length)
    if (!outcome.ok) init.logger.warn(`adapter ${adapter.name} failed`, { message: outcome.message, status: outcome.status })
    return {
      adapter: adapter.name, ok: outcome.ok, durationMs: init.clock.now() - started, attempts: outcome.attempts ?? 1,
      timedOut: outcome.timedOut === true, points, spans: spans.length,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
      ...(outcome.rejected === undefined ? {} : { rejected: outcome.rejected }),
    }
  }

  /** Runs every adapter's `shutdown` under one deadline. */
  async shutdown(timeoutMs: number): Promise<void> {
    const init = this.#init
    await Promise.all(init.adapters.map(async (adapter) => {
      if (adapter.shutdown === undefined) return
      const { context, dispose } = createExportContext({
        timeoutMs, clock: init.clock, logger: init.logger, env: init.env, fetch: init.fetch,
        ...(init.retryPolicy === undefined ? {} : { retryPolicy: init.retryPolicy }),
      })
      try {
        await raceDeadline(adapter.shutdown(context).then(() => ({ ok: true })), timeoutMs + STRAGGLER_GRACE_MS)
      } catch (error) {
        init.logger.warn(`adapter ${adapter.name} shutdown failed`, { message: describeError(error) })
      } finally {
        dispose()
      }
    }))
  }
}

/**
 * Resolves with a timed-out outcome if `promise` outlives `ms`; the adapter's promise is left to settle on its own.
 * One promise rather than a race and a `finally`: with AsyncLocalStorage on, Node runs hooks for every promise.
 */
function raceDeadline(promise: Promise<ExportOutcome>, ms: number): Promise<ExportOutcome> {
  return new Promise<ExportOutcome>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    // Subscribed before the timer starts: an adapter that returned no promise throws here and leaves no timer behind.
    promise.then(
      (outcome) => {
        clearTimeout(timer)
        resolve(outcome)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
    timer = setTimeout(() => resolve({ ok: false, timedOut: true, message: 'flush deadline passed' }), ms)
  })
}
