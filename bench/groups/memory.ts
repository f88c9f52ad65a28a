/**
 * Retained memory (run with --expose-gc): 10,000 series and 1,000 finished
 * spans, each heapUsed plus ArrayBuffer stores after `gc()` minus the same
 * before; and
 * what a million bound `inc()` calls allocate, which should be nothing.
 */
import { context, trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { createTelemetry } from '../../src/index.js'
import { registerGlobal } from '../../src/otel/index.js'
import { report, type Figure } from '../lib/measure.js'
import { lastcallMetrics, otelMetrics, promClientMetrics } from './fixtures.js'

// OpenTelemetry's spans take their parent from the API's context: lastcall's AsyncLocalStorage one, registered here.
registerGlobal(createTelemetry({ service: 'bench-context', adapters: [] }))

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

function heap(): number {
  gc!()
  gc!()
  return process.memoryUsage().heapUsed
}

/**
 * Heap retained by what `make` puts in its box, kept alive until measured.
 * The box is emptied afterwards: V8 keeps an awaited value reachable for a
 * while after the async function returns, and when the value itself was
 * returned, the previous library's data was still alive at the next one's
 * first reading and freed before its second (prom-client read ~0.9 MB per
 * 10,000 series after lastcall, ~3.2 MB alone).
 */
async function retained(make: () => Box | Promise<Box>): Promise<number> {
  // A macrotask first: without it, the previous case's data was now and then still reachable at
  // this reading and freed before the next (prom-client read -1.2 MB in 2 of 4 processes).
  await new Promise((resolve) => setTimeout(resolve, 20))
  const before = footprint()
  const box = await make()
  const after = footprint()
  box.kept = undefined
  return after - before
}

/**
 * The JS heap plus ArrayBuffer stores, which live outside it: a typed array's
 * bytes are not in `heapUsed`, so heap alone would favour whoever keeps
 * numbers in typed arrays.
 */
function footprint(): number {
  return heap() + process.memoryUsage().arrayBuffers
}

interface Box {
  kept: unknown
}

const ATTRIBUTES = { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 }
const figures: Figure[] = []
const add = (id: string, lib: string, value: number): void => {
  figures.push({ id, lib, unit: 'bytes', value })
}

add('memory.series', 'lastcall', await retained(() => ({ kept: lastcallMetrics(10_000) })))
add('memory.series', 'prom-client', await retained(() => ({ kept: promClientMetrics(10_000) })))
add('memory.series', 'OpenTelemetry', await retained(() => ({ kept: otelMetrics(10_000) })))

// The spans stay queued in the telemetry until a flush, which is what they cost between flushes.
add('memory.spans', 'lastcall', await retained(() => {
  const telemetry = createTelemetry({ service: 'bench', adapters: [], maxSpansPerInvocation: 2000 })
  const invocation = telemetry.startInvocation({ name: 'bench' })
  invocation.run(() => {
    for (let i = 0; i < 1000; i++) telemetry.tracer.startSpan('op', { attributes: ATTRIBUTES }).end()
  })
  invocation.end()
  return { kept: telemetry }
}))
add('memory.spans', 'OpenTelemetry', await retained(async () => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer('bench')
  const root = tracer.startSpan('bench')
  context.with(trace.setSpan(context.active(), root), () => {
    for (let i = 0; i < 1000; i++) tracer.startSpan('op', { attributes: ATTRIBUTES }).end()
  })
  root.end()
  await provider.forceFlush()
  return { kept: { provider, exporter } }
}))

// The bound hot path must not allocate. With the young generation fixed at 64 MB (see
// groups.mjs) no scavenge runs during the calls, so heap growth read without collecting is
// what they allocated; the first pass compiles everything, the smaller of two more counts.
{
  const telemetry = createTelemetry({ service: 'bench', adapters: [] })
  const bound = telemetry.counter({ name: 'requests_total', help: 'Requests', labelNames: ['route'] }).labels({ route: '/a' })
  const run = (n: number): void => {
    for (let i = 0; i < n; i++) bound.inc()
  }
  let allocated = Infinity
  let kept = Infinity
  for (let pass = 0; pass < 3; pass++) {
    const before = heap()
    let most = 0
    for (let done = 0; done < 1_000_000; done += 100_000) {
      run(100_000)
      most = Math.max(most, process.memoryUsage().heapUsed - before)
    }
    const after = heap() - before
    if (pass === 0) continue
    allocated = Math.min(allocated, most)
    kept = Math.min(kept, after)
  }
  figures.push({ id: 'memory.bound-inc', lib: 'lastcall', unit: 'bytes', value: allocated, detail: { extra: { retained: kept } } })
}

report('memory', figures)
