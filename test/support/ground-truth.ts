/**
 * A simulated fleet for integration tests: instances with cold starts at
 * different times, concurrent invocations in each, a flush after every
 * invocation, and an exact record of what was counted. Observations are
 * multiples of 1/16 so every sum is exact in binary floating point and
 * the totals Prometheus computes must equal the truth bit for bit.
 */
import { createTelemetry, type Adapter, type Clock, type Counter, type FlushReport, type Histogram, type RetryPolicy, type Telemetry } from '../../src/index.js'

export const ROUTES = ['/a', '/b', '/c/:id'] as const
export const STATUSES = ['200', '500'] as const
export const BOUNDS = [0.125, 0.5, 2] as const
const VALUES = [0.0625, 0.125, 0.25, 0.5, 0.75, 1.5, 2, 3.25] as const

/** What a test expects Prometheus to hold. Keys are `route status` or `route`. */
export interface Truth {
  readonly requests: Map<string, number>
  readonly count: Map<string, number>
  readonly sum: Map<string, number>
  /** Cumulative count per route and `le` (`route le`). */
  readonly buckets: Map<string, number>
}

/** A controllable clock: tests move it; Workers-like, it does not advance by itself. */
export function manualClock(startMs: number): Clock & { set(ms: number): void } {
  let now = startMs
  return { now: () => now, set: (ms) => { now = ms } }
}

/** Deterministic pseudo-random integers (mulberry32), so failures reproduce. */
export function seeded(seed: number): (n: number) => number {
  let a = seed >>> 0
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

interface Instance {
  readonly telemetry: Telemetry
  readonly requests: Counter
  readonly latency: Histogram
}

export interface FleetOptions {
  readonly service: string
  readonly adapters: () => Adapter[]
  readonly clock?: Clock
  readonly flushTimeoutMs?: number
  readonly seed?: number
  /** Default: quick retries (20 ms doubling to 200 ms, 6 attempts). */
  readonly retryPolicy?: RetryPolicy
}

/** A fleet of instances that records the truth as it goes. */
export class Fleet {
  readonly instances: Instance[] = []
  readonly truth: Truth = { requests: new Map(), count: new Map(), sum: new Map(), buckets: new Map() }
  /** Wall time of every invocation (its flush included) and of every `flushAll` flush. */
  readonly invocationMs: number[] = []
  readonly flushes: Array<{ report: FlushReport; elapsedMs: number }> = []
  /** Routes to choose from; a later phase can add some so new series appear mid-run. */
  routes: readonly string[] = ROUTES
  readonly #options: FleetOptions
  readonly #random: (n: number) => number

  constructor(options: FleetOptions) {
    this.#options = options
    this.#random = seeded(options.seed ?? 42)
  }

  /** A cold start: a new instance with its own instance id. */
  coldStart(): void {
    const { service, adapters, clock, flushTimeoutMs, retryPolicy } = this.#options
    const telemetry = createTelemetry({
      service, adapters: adapters(), flushTimeoutMs: flushTimeoutMs ?? 5000,
      retryPolicy: retryPolicy ?? { initialDelayMs: 20, maxDelayMs: 200, multiplier: 2, maxAttempts: 6 },
      ...(clock === undefined ? {} : { clock }),
    })
    const requests = telemetry.counter({ name: 'gt_requests_total', help: 'Requests by route and status.', labelNames: ['route', 'status'] })
    const latency = telemetry.histogram({ name: 'gt_latency_seconds', help: 'Latency by route.', labelNames: ['route'], buckets: [...BOUNDS] })
    this.instances.push({ telemetry, requests, latency })
  }

  /** One wave: `concurrency` concurrent invocations on every instance, each flushing when it ends. */
  async wave(concurrency: number): Promise<void> {
    const work: Promise<void>[] = []
    for (const instance of this.instances) {
      for (let i = 0; i < concurrency; i++) work.push(this.#invocation(instance))
    }
    await Promise.all(work)
  }

  /** One invocation on instance `index` (in cold-start order), flushing when it ends; for drivers that do not move in waves. */
  async invoke(index: number): Promise<void> {
    const instance = this.instances[index]
    if (instance === undefined) throw new Error(`no instance ${index}; ${this.instances.length} started`)
    await this.#invocation(instance)
  }

  async #invocation(instance: Instance): Promise<void> {
    const route = this.routes[this.#random(this.routes.length)] as string
    const status = STATUSES[this.#random(STATUSES.length)] as string
    const increments = 1 + this.#random(3)
    const observations = Array.from({ length: 1 + this.#random(2) }, () => VALUES[this.#random(VALUES.length)] as number)
    const started = performance.now()
    await instance.telemetry.invoke({ name: 'handler', flush: true }, async () => {
      for (let i = 0; i < increments; i++) instance.requests.inc({ route, status })
      await Promise.resolve()
      for (const value of observations) instance.latency.observe({ route }, value)
    })
    this.invocationMs.push(performance.now() - started)
    this.#record(route, status, increments, observations)
  }

  #record(route: string, status: string, increments: number, observations: readonly number[]): void {
    const { requests, count, sum, buckets } = this.truth
    requests.set(`${route} ${status}`, (requests.get(`${route} ${status}`) ?? 0) + increments)
    for (const value of observations) {
      count.set(route, (count.get(route) ?? 0) + 1)
      sum.set(route, (sum.get(route) ?? 0) + value)
      for (const le of [...BOUNDS.map(String), '+Inf']) {
        if (le === '+Inf' || value <= Number(le)) buckets.set(`${route} ${le}`, (buckets.get(`${route} ${le}`) ?? 0) + 1)
      }
    }
  }

  /** Flushes every instance at once; records how long each flush took. */
  async flushAll(): Promise<FlushReport[]> {
    return Promise.all(this.instances.map(async ({ telemetry }) => {
      const started = performance.now()
      const report = await telemetry.flush()
      this.flushes.push({ report, elapsedMs: performance.now() - started })
      return report
    }))
  }

  /** Shuts every instance down (flush, then adapter clean-up). */
  /** Shuts every instance down; `timeoutMs` overrides the flush deadline, for hosts under load. */
  async shutdownAll(options: { timeoutMs?: number } = {}): Promise<void> {
    await Promise.all(this.instances.map(({ telemetry }) => telemetry.shutdown(options)))
  }

  /** Total increments recorded. */
  get totalIncrements(): number {
    let total = 0
    for (const value of this.truth.requests.values()) total += value
    return total
  }
}
