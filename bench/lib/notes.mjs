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
    'every call brings a fresh `{ method, route }` object, and lastcall must prove it holds exactly the declared labels before it touches a series. The fast path reads the values with one `for…in` in declared order, proves each key is the object\'s own with `hasOwnProperty` inside the loop (V8 folds that into a check it already made; `Object.keys` allocated an array per call), and walks one tree level per label, where each level keeps its last value and child beside its `Map`. What remains is allocating the literal and the `for…in` itself. Going lower would take dropping the check for undeclared labels (a behaviour change) or a resolver generated with `new Function` (Workers forbid code generation). Code that needs single-digit nanoseconds should use a bound series (`.labels()`).',
  'histogram.labels':
    'the labels-object lookup (see counter inc) plus the bucket scan over a `Float64Array` copy of the bounds (a binary search over 11 bounds measured no faster). In the full hot-path group some processes compile the histogram path about twice as slowly; the median of the processes is reported.',
  'rw.1000':
    'each point keeps its whole encoded TimeSeries messages on its ledger state between flushes, and a request body is those blocks side by side: when the same series come in the same order, only the 8-byte values and the timestamps are rewritten in place, with no copy. Blocks are rebuilt when labels, the zero sample or a timestamp\'s varint length change. Snappy (about 1.6 ms of 1.3 MB) is most of what is left; going lower would take a compressor that reuses the previous flush\'s output for unchanged stretches.',
  'text.1000':
    'the figure now ends in UTF-8 bytes, as a scrape response does; until this run it stopped at the string, and the string was a tree of some 100,000 pieces built by `+=` that whoever read it (TextEncoder, a `Response` body) first had to walk, about 4 ms per 1,000 series here, which the old figure (0.43 ms) did not show. The encoder now joins its pieces once, keeps each unchanged series\' text laid out flat, and reuses it while the values stand still, so a scrape of 1,000 series costs about a fifth of what it did. What is left is the snapshot (`collect()`, ~0.3 ms: a new object per series and a copy of every histogram\'s counts), the copy into one string (~0.35 ms for 600 KB) and the UTF-8 encoding (~0.3 ms). Under 0.5 ms would take a byte-level encoder that copies cached byte blocks straight into the response, and a cheaper snapshot.',
  'otlp.metrics.proto.1000':
    'each point\'s attributes joined with its histogram bounds are encoded once and kept across flushes (by family and position, frozen labels only), the family\'s time fields are converted once, and length prefixes are reserved up front instead of back-patched. What remains is the per-point counts (twelve fixed64 per histogram point), the copies of the cached tails, and allocating the ~175 KB request (~40 µs).',
  'otlp.traces.proto.100':
    'the writer checks for room once per field and reserves each span\'s length bytes up front; ids go straight from hex into the buffer, repeated trace and parent ids are decoded once per request, the encoded Resource and attribute keys are kept across exports, and a span whose attributes equal the previous span\'s copies their bytes. Spans are unique, so what is left scales with them: about 100 ns per span to decode its own id, the 64-bit time conversions, and ~5 µs to allocate the output. Going lower would take a template path that copies the previous span\'s bytes and patches ids and times when every other field matches; that fits this bench\'s identical spans more than real traffic, so it was not built.',
  'bundle.worker.otlp':
    'the largest parts are @opentelemetry/api (~25 KB minified: `workerd,worker,browser` resolves its CommonJS build, which cannot be tree-shaken; without it the bundle would be ~26 KB gzip), the OTLP adapter (~25 KB: protobuf and JSON encoders for both signals, their encode caches, and the transport), the core (metrics, spans, flush engine, ~28 KB) and the cloudflare integration (~9.5 KB). So even without the API the bundle is 2.6× the target. 10 KB would take a rewrite for size rather than more trimming: a structural Tracer of lastcall\'s own with the OpenTelemetry global registration as an opt-in subpath (today `registerGlobal` makes `trace.getTracer()` record without setup, and writing the API\'s global slot without the API would break registrations by the user\'s own copy, whose version must match exactly), only the chosen OTLP encoding in the bundle (separate entry points), and a core about half its size. The encode caches added for the speed targets cost ~1.6 KB gzip of this.',
  'bundle.core.remote-write':
    'the core alone is ~20 KB gzip (~13 KB without @opentelemetry/api): the span recorder and tracer, the flush engine with retries and delta tracking, options validation with named rules, the logger and the console adapter, all reachable from `createTelemetry`, which a metrics-only program cannot shake off. Remote-write adds ~7 KB, its per-series block cache included. 8 KB would take the same changes as the Worker bundle, chiefly a core that does not pull the tracing half (and @opentelemetry/api) into a metrics-only program.',
  'cold.lambda.emf':
    'measured in CPU time above an empty module. Two costs were removed this round: registering the context manager ran a probe inside AsyncLocalStorage, which switched on promise hooks (~1 ms), and the options copied `process.env` variable by variable. What is left is evaluating the ~79 KB bundle (over half: every module\'s top level, @opentelemetry/api\'s included), `createTelemetry` (~1.1 ms: options, resource, registry, tracer provider, flush engine, the global registration ~0.4 ms) and `wrapHandler` defining its six metrics. Deferring the integration\'s metric definitions to the first invocation would move, not remove, the cost, and would turn a conflicting definition into an error inside the handler instead of at wrap time, so it was not done. Loading API mode\'s code lazily was tried and reverted: esbuild then wraps every module reachable from the dynamic import in a lazy initialiser, and the EMF bundle grew by 1.1 KB gzip. Bundled Powertools metrics is a 15 KB module with no tracing; loaded from node_modules without a bundler, as the issue\'s ~25 ms figure appears to have been taken, it is several times slower (the "Powertools, unbundled" row). Meeting 5 ms would take the smaller core of the bundle targets. Not in this figure: Node\'s `performance` global costs 1–2.5 ms on first touch, which the timing harness (and lastcall\'s clock) pay before this measurement starts.',
}

/**
 * For targets that are met: what the figure leaves out. `value(id, lib)`
 * gives a figure of this run, formatted.
 */
export const CAVEAT_NOTES = {
  'counter.labels': (value) =>
    `the case repeats one label set on every call, and each level of the series tree keeps its last value and child beside its \`Map\`, so a repeat costs one string compare. With both values changing on every call over 16 series (the "both values change" row) the same call takes ${value('counter.labels.rotating', 'lastcall')} here, against ${value('counter.labels.rotating', 'prom-client')} for prom-client; without the last-value cache that case was about a fifth faster and the repeating case about a third slower.`,
  'histogram.labels': (value) =>
    `the same last-value lookup as counter inc favours the repeated label set of this case; see the counter's "both values change" row (${value('counter.labels.rotating', 'lastcall')}) for what changing values cost.`,
}
