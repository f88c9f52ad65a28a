/**
 * The soak run, in a child process started with --expose-gc (see
 * soak.test.ts): a million invocations, each with two child spans and a
 * counter and histogram update on a fixed series set, flushed every
 * FLUSH_EVERY invocations to an adapter that discards. Prints one JSON
 * line: heap after the warm-up and after the run (both after full GCs),
 * and how many span objects of a flushed batch were collected.
 */
import { createTelemetry, type Adapter } from '../../../src/index.js'

const INVOCATIONS = Number(process.env['SOAK_INVOCATIONS'] ?? 1_000_000)
const WARM_UP = 10_000
const FLUSH_EVERY = 1_000
const ROUTES = ['/a', '/b', '/c/:id', '/d'] as const
const STATUSES = ['200', '404', '500'] as const

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

/** Takes everything, keeps nothing: what a backend costs is not what this measures. */
const discard: Adapter = {
  name: 'discard', temporality: 'cumulative', signals: { metrics: true, traces: true },
  async export() {
    return { ok: true }
  },
}

const telemetry = createTelemetry({ service: 'soak', adapters: [discard], env: {} })
const requests = telemetry.counter({ name: 'soak_requests_total', help: 'Requests.', labelNames: ['route', 'status'] })
const latency = telemetry.histogram({ name: 'soak_latency_seconds', help: 'Latency.', labelNames: ['route'] })

let collected = 0
const registry = new FinalizationRegistry<void>(() => {
  collected++
})
let tracked = 0

function invocation(i: number, track: boolean): void {
  const route = ROUTES[i % ROUTES.length] as string
  const inv = telemetry.startInvocation({ name: 'handler', requestId: `req-${i}` })
  inv.run(() => {
    const db = telemetry.tracer.startSpan('db.query')
    db.setAttribute('db.rows', i % 7)
    db.end()
    const call = telemetry.tracer.startSpan('http.call')
    call.end()
    if (track) {
      registry.register(db)
      registry.register(call)
      tracked += 2
    }
  })
  requests.inc({ route, status: STATUSES[i % STATUSES.length] as string })
  latency.observe({ route }, (i % 100) / 1000)
  inv.end()
}

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc!()
    // FinalizationRegistry callbacks and weak cleanup run between tasks.
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return process.memoryUsage().heapUsed
}

async function run(from: number, to: number, trackBatch: number | undefined): Promise<void> {
  for (let i = from; i < to; i++) {
    invocation(i, trackBatch !== undefined && Math.floor(i / FLUSH_EVERY) === trackBatch)
    if ((i + 1) % FLUSH_EVERY === 0) await telemetry.flush()
  }
}

const started = performance.now()
await run(0, WARM_UP, undefined)
const heapWarm = await heapAfterGc()
// Track the spans of one batch in the middle of the run; they are flushed with it and must become garbage.
await run(WARM_UP, INVOCATIONS, Math.floor(INVOCATIONS / FLUSH_EVERY / 2))
await telemetry.flush()
const heapEnd = await heapAfterGc()
console.log(JSON.stringify({
  invocations: INVOCATIONS, seconds: (performance.now() - started) / 1000,
  heapWarmMb: heapWarm / 2 ** 20, heapEndMb: heapEnd / 2 ** 20, growthMb: (heapEnd - heapWarm) / 2 ** 20,
  spansTracked: tracked, spansCollected: collected,
}))
