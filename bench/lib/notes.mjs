/**
 * Prose for the report: how the figures were taken, and for each target
 * that can be missed, why and what it would take. Printed only on a miss.
 */

export const METHOD_NOTES = (env) => [
  '**How.** Every group runs in its own `node` process, bundled by esbuild into bench/.tmp first (peers load from node_modules as users load them), at least twice; each figure is the median over the processes. Inside a process each case is warmed up for 200 ms and then measured by mitata; a process\'s figure is mitata\'s p50.',
  `**Clock.** ${env.clock === 'wall' ? 'Wall time (BENCH_CLOCK=wall).' : 'Process CPU time (user + system of all threads, `process.cpuUsage()`), with about 2 ms per mitata sample so its 1 µs resolution does not matter. This machine is shared with other jobs: wall time would count the time they take the CPU away, CPU time does not (it still counts background GC and compiler threads, which a one-vCPU Lambda pays too). `BENCH_CLOCK=wall npm run bench` measures wall time.'} Request latency is always wall time: it is what a caller waits, other jobs included, so its section gives the load it ran under.`,
  '**Ratios** are against the best (lowest) peer figure measured in the same run. The issue\'s peer figures were measured on a quiet machine; contention from other jobs makes every figure here slower, the ratios less so.',
]

/**
 * Why each target can miss and what it would take. The breakdowns were
 * measured while writing these notes (profiles of the current code); the
 * figures in the tables are the ones to trust.
 */
export const MISS_NOTES = {
  'span.start-end':
    'the figure sits close to the target: each span carries 1/100 of its invocation\'s start, end and flush (~45 ns), then two ids from the pooled random buffer, the span object with its attribute record, and the active-context lookup through AsyncLocalStorage. On a busy machine it drifts above 1 µs while the lead over OpenTelemetry (the target asks 6×) holds.',
  'counter.labels':
    'every call brings a fresh `{ method, route }` object, and lastcall must prove it holds exactly the declared labels before it touches a series. The path now reads the labels with one `for…in` in declared order (values through V8\'s enum cache instead of a keyed lookup per name), walks two `Map`s and counts own keys once with `Object.keys`; allocating the literal plus the two `Map` lookups alone cost about 30 ns here, the own-key proof about 13 ns, the `for…in` the rest. Going lower would take dropping the check for undeclared labels on the hot path (a behaviour change), or a resolver generated per label set with `new Function` (Workers forbid code generation). Code that needs single-digit nanoseconds should use a bound series (`.labels()`), which is under 2 ns.',
  'histogram.labels':
    'the labels-object lookup (see counter inc) plus the bucket scan. The bucket scan used the frozen `buckets` array, which V8 stores as boxed values; it now scans a `Float64Array` copy, which took the bound `observe` from ~58 ns to ~17 ns and the labels-object `observe` from ~160 ns to ~90 ns in a process of its own. In the full hot-path group some processes compile the histogram path about twice as slowly (the median of five processes is reported). The remaining gap to 60 ns is the labels-object lookup.',
  'rw.1000':
    'a profile splits the time about evenly between snappy\'s `compressBlock` and `writeLabels`; turning the snapshot into series and stamping them costs about 1 ms. Every flush re-encodes all 7,500 label sets although they never change between flushes, each label as a nested message with a back-patched length. It would take caching each series\' encoded label bytes across flushes (keyed by the frozen label object, as the sorted labels already are), so a flush copies bytes and writes two numbers per series, and a faster snappy match loop (compare four bytes at a time through a `Uint32Array`/`DataView`, and skip ahead faster after misses as the reference compressor does).',
  'text.1000':
    'the figure includes `telemetry.collect()`. That snapshot copied each histogram\'s bucket counts with `Array.from(Float64Array)`, which alone took ~0.7–1 ms for 1,000 series; it now copies with a loop (~0.2 ms). The rest is the renderer: `formatSampleValue`, label escaping and string concatenation per line, rebuilt for every series on every call. Caching each series\' rendered label block (it never changes) and the bucket-bound strings per family would take it most of the remaining way.',
  'otlp.metrics.proto.1000':
    'a profile puts ~30% in `writeHistogramPoints`, ~16% in UTF-8 writing of attribute strings, and the rest in length patching, buffer growth and 64-bit time encoding. Every flush re-encodes every point\'s attributes although they never change. Caching each series\' encoded attribute bytes, sizing the buffer once from the series count, and encoding the shared start/time fields once per family would take it toward the target.',
  'otlp.traces.proto.100':
    'a profile puts ~36% in `writeSpan` itself, ~11% in attributes and the rest in UTF-8, 64-bit time conversion and nested-length bookkeeping. Spans are unique, so caching helps less than for metrics: it would take writing the hex ids straight into the buffer, precomputing each scope and resource block once per request, and a single pre-sized buffer instead of growth and back-patching.',
  'bundle.worker.otlp':
    'the largest parts are @opentelemetry/api (~25 KB minified: `workerd,worker,browser` resolves its CommonJS build, which cannot be tree-shaken; its ESM build saves ~4.5 KB gzip, see the table below), the OTLP adapter (~20 KB: protobuf and JSON encoders for both signals plus the transport), and the core (metrics, spans, flush engine ~26 KB together) and the cloudflare integration (~8.5 KB). The console adapter (~2.5 KB) is always bundled because `createTelemetry` imports it as the default. 10 KB would take: no runtime dependency on @opentelemetry/api in the default path (a small structural Tracer of lastcall\'s own, with the OpenTelemetry bridge as an opt-in subpath), the console default behind its own import, only the chosen encoding in the bundle (protobuf or JSON as separate entry points), and a core about half its size.',
  'bundle.core.remote-write':
    'the core alone is already ~20 KB gzip (about 15 KB with the ESM api build): @opentelemetry/api, the span recorder and tracer, the flush engine with retries and delta tracking, options validation with named rules, the logger and the console adapter, all reachable from `createTelemetry`. Remote-write adds ~5 KB. 8 KB would take the same changes as the Worker bundle, chiefly a core that does not pull the tracing half (and @opentelemetry/api) into a metrics-only program.',
  'cold.lambda.emf':
    'measured in CPU time above an empty module: evaluating the ~76 KB bundle takes ~3.4 ms, `createTelemetry` ~1.1 ms, registering the global tracer provider and the AsyncLocalStorage context manager (which turns on promise hooks) ~1.3 ms, and `wrapHandler` with the counter ~1.4 ms. Bundled Powertools metrics is a 15 KB module with no tracing; loaded from node_modules without a bundler, as the issue\'s ~25 ms figure appears to have been taken, it needs ~28 ms of wall time here (the "Powertools, unbundled" row). It would take a smaller bundle (see the bundle targets), creating the context manager and resource attributes lazily on the first invocation, and deferring the integration\'s metric definitions until first use.',
}
