/**
 * What the report compares: sections of figures (by id) measured for
 * lastcall and its peers in the same run, and the targets of issue 7.
 */

export const SECTIONS = [
  {
    group: 'hot-path',
    title: 'Hot path: one measurement on an existing series with two labels',
    about: 'Per call. "Labels object" passes `{ method, route }` written inline at the call; "bound" uses a series resolved once (`.labels()` in lastcall and prom-client). OpenTelemetry has no bound instruments, so its "bound" row reuses one attributes object. Powertools and aws-embedded-metrics take dimensions once per invocation, so they only appear in the bound rows; Powertools serializes its blob itself every 100 values, and aws-embedded-metrics gets a fresh context every 1,000 values (standing in for the flush at the end of an invocation).',
    baseline: { id: 'baseline.increment', lib: 'plain object', title: 'plain object increment (the floor)' },
    rows: [
      { id: 'counter.labels', title: 'counter inc, labels object' },
      { id: 'counter.labels.rotating', title: 'counter inc, labels object, both values change every call (16 series)' },
      { id: 'counter.bound', title: 'counter inc, bound series' },
      { id: 'histogram.labels', title: 'histogram observe, labels object' },
      { id: 'histogram.bound', title: 'histogram observe, bound series' },
      { id: 'gauge.labels', title: 'gauge set, labels object' },
      { id: 'gauge.bound', title: 'gauge set, bound series' },
    ],
  },
  {
    group: 'spans',
    title: 'Spans',
    about: 'One timed call is one invocation with 100 child spans of 3 attributes each, started from the active context, ended, then the invocation ended and flushed (lastcall with no adapters; OpenTelemetry `BasicTracerProvider` with `SimpleSpanProcessor` into an `InMemorySpanExporter`, `forceFlush()` then `reset()`). Both use the same AsyncLocalStorage context (lastcall\'s, registered with the API through `lastcall/otel` for the peer tracer). The span figure is that time divided by 100; the invocation row is a root span alone with its flush.',
    rows: [
      { id: 'span.start-end', title: 'span start+end, 3 attributes, recorded' },
      { id: 'span.invocation', title: 'invocation (root span) start+end+flush' },
    ],
  },
  {
    group: 'invocation',
    title: 'A warm Lambda invocation with CloudWatch EMF',
    about: 'CPU per invocation of a warm handler that increments one counter, as a user writes it: lastcall\'s `wrapHandler` with `cloudwatchEmf` (prewarm off; the container is warm); Powertools\' `Metrics` with `addMetric` and `publishStoredMetrics` in the handler. Both write their EMF lines to a sink that keeps nothing, so stdout is not in the figure. lastcall does more than Powertools is asked to: an invocation span, `faas_invocations_total`, `faas_invocation_duration_seconds` and its own flush-duration histogram, one MetricDirective per set of dimension values, all in one EMF document when their values agree (they do here), and a flush under a deadline. The HTTP API event adds the `http_*` metrics and attributes; Powertools does the same work for both events. Where lastcall\'s time goes (a no-op adapter in place of EMF, same machine): the invocation itself with its span, context and metrics ~8 µs, the flush with its snapshot and export context ~4 µs, delta tracking ~3 µs, and EMF encoding the rest (~11 µs for the `{}` event). The byte rows are what one warm invocation writes to the log, newlines included (CloudWatch Logs bills ingestion by the byte): one line each for both libraries. lastcall\'s line carries four or six more metrics and the trace and request ids; before documents were shared it wrote four lines (1,311 bytes) for the `{}` event and six (2,085 bytes) for the HTTP one.',
    rows: [
      { id: 'invocation.lambda.emf', title: 'warm invocation, event `{}` (trigger `other`)' },
      { id: 'invocation.lambda.emf.http', title: 'warm invocation, HTTP API event' },
      { id: 'invocation.lambda.emf.bytes', title: 'EMF log bytes of a warm invocation, event `{}`' },
      { id: 'invocation.lambda.emf.http.bytes', title: 'EMF log bytes of a warm invocation, HTTP API event' },
    ],
  },
  {
    group: 'encoding-remote-write',
    title: 'Encoding: Prometheus remote-write (protobuf + snappy)',
    about: '1,000 series are 500 counters and 500 histograms of 11 bounds: 7,500 remote-write series. lastcall: from its snapshot to the snappy-compressed WriteRequest, no network. prometheus-remote-write: `pushTimeseries` with the same label sets and a `fetch` that only receives the body, so its serialize and compress path runs whole.',
    rows: [
      { id: 'rw.1000', title: 'remote-write, 1,000 series (7,500 samples)' },
      { id: 'rw.10000', title: 'remote-write, 10,000 series (75,000 samples)' },
    ],
  },
  {
    group: 'snappy',
    title: 'Remote-write: snappy and protobuf implementations (issue 3)',
    versus: 'lastcall vs the package',
    about: 'The uncompressed WriteRequest of the remote-write row above (1,000 series: 7,500 wire series, 1.3 MB; 10,000 series: 13 MB), as lastcall\'s request path builds it in its steady state. snappy: lastcall\'s `snappyCompress` against snappyjs `compress` on those bytes; each output must decompress to the input (through snappyjs). protobuf: the same series decoded and handed to each encoder in its own input shape: lastcall\'s `encodeWriteRequest` (the uncached writer; a flush copies cached label bytes instead, see above) against protobufjs 8 built from a prompb schema string (`WriteRequest.encode(...).finish()`); both must produce the request\'s bytes exactly.',
    rows: [
      { id: 'snappy.1000', title: 'snappy compress, 1,000 series (1.3 MB in)' },
      { id: 'snappy.10000', title: 'snappy compress, 10,000 series (13 MB in)' },
      { id: 'snappy.size.1000', title: 'compressed size, 1,000 series' },
      { id: 'snappy.size.10000', title: 'compressed size, 10,000 series' },
      { id: 'pb.1000', title: 'protobuf WriteRequest, 1,000 series' },
      { id: 'pb.10000', title: 'protobuf WriteRequest, 10,000 series' },
    ],
  },
  {
    group: 'encoding-text',
    title: 'Encoding: Prometheus text exposition',
    about: 'lastcall: `encodeTextExposition(telemetry.collect())`, snapshot included; prom-client: `register.metrics()`, which collects as it renders. Both to UTF-8 bytes (`TextEncoder`), as a scrape response sends them: a concatenated string is a tree of pieces until read, so stopping at the string would leave that cost out. The series\' values do not change between calls.',
    rows: [
      { id: 'text.1000', title: 'text exposition, 1,000 series' },
      { id: 'text.10000', title: 'text exposition, 10,000 series' },
    ],
  },
  {
    group: 'encoding-otlp',
    title: 'Encoding: OTLP',
    about: 'From each library\'s own snapshot (lastcall `MetricData[]` / `SpanData[]`; OpenTelemetry `ResourceMetrics` from a `MetricReader`, `ReadableSpan[]` from an `InMemorySpanExporter`) to request bytes. Peer: `ProtobufMetricsSerializer`, `JsonMetricsSerializer`, `ProtobufTraceSerializer`, `JsonTraceSerializer` of @opentelemetry/otlp-transformer. The span cases run before the metric cases in the group\'s process, for both libraries: after the 10,000-series metric encodes, glibc hands each fresh span export memory it has to fault back in, ~5 µs per 100 spans that a flush of one invocation does not pay.',
    rows: [
      { id: 'otlp.metrics.proto.1000', title: 'OTLP metrics protobuf, 1,000 series' },
      { id: 'otlp.metrics.proto.10000', title: 'OTLP metrics protobuf, 10,000 series' },
      { id: 'otlp.metrics.json.1000', title: 'OTLP metrics JSON, 1,000 series' },
      { id: 'otlp.metrics.json.10000', title: 'OTLP metrics JSON, 10,000 series' },
      { id: 'otlp.traces.proto.100', title: 'OTLP traces protobuf, 100 spans' },
      { id: 'otlp.traces.proto.1000', title: 'OTLP traces protobuf, 1,000 spans' },
      { id: 'otlp.traces.json.100', title: 'OTLP traces JSON, 100 spans' },
      { id: 'otlp.traces.json.1000', title: 'OTLP traces JSON, 1,000 spans' },
    ],
  },
  {
    group: 'encoding-emf',
    title: 'Encoding: CloudWatch EMF',
    about: 'lastcall: `encodeEmf` of a delta batch holding the snapshot (as on the first flush). Powertools: its dimensions belong to the whole blob, so it publishes one blob per label set (`addDimension` per label, `addMetric` per value, `publishStoredMetrics()`, which serializes and `JSON.stringify`s; its console is replaced by an array). It has no counts, so each histogram series is given as bucket upper bounds repeated per count, at most 100 values per metric as it allows.',
    rows: [
      { id: 'emf.1000', title: 'EMF, 1,000 series' },
      { id: 'emf.10000', title: 'EMF, 10,000 series' },
    ],
  },
  {
    group: 'bundle-size',
    title: 'Bundle size (esbuild --bundle --minify --format=esm, gzip -9)',
    about: 'Entries are minimal programs in bench/entries/ (one instrument, one handler). Worker bundles resolve as wrangler does: `--conditions=workerd,worker,browser` on esbuild\'s browser platform (main fields browser, module, main), Node built-ins left external as `nodejs_compat` provides them. (`--platform=neutral` ignores the `browser` field with which the OpenTelemetry packages swap out their Node-only files, so the OpenTelemetry peers do not build that way; lastcall\'s own bundles come out the same either way.) Node-targeted code (the Lambda handler, Powertools, prom-client, @hono/prometheus) uses `--platform=node`. hono itself is left out of both Hono bundles. Figures are gzip -9 sizes; 1 KB = 1,024 bytes.',
    rows: [
      { id: 'bundle.core', title: 'core alone (createTelemetry + one counter)' },
      { id: 'bundle.worker.otlp', title: 'Worker: cloudflare + OTLP' },
      { id: 'bundle.worker.otlp.otel', title: 'the same, registered with @opentelemetry/api (lastcall/otel)' },
      { id: 'bundle.worker.remote-write', title: 'Worker: cloudflare + remote-write' },
      { id: 'bundle.worker.pushgateway', title: 'Worker: cloudflare + Pushgateway' },
      { id: 'bundle.worker.cloudwatch', title: 'Worker: cloudflare + CloudWatch' },
      { id: 'bundle.core.remote-write', title: 'core + remote-write' },
      { id: 'bundle.experiment.metrics-only', title: 'experiment, not an entry point: the core\'s metrics half alone (no tracer, no default adapter)' },
      { id: 'bundle.experiment.metrics-only.remote-write', title: 'experiment: that metrics half + remote-write' },
      { id: 'bundle.lambda.emf', title: 'Lambda: lambda + CloudWatch EMF (`cloudwatchEmf`)' },
      { id: 'bundle.lambda.cloudwatch', title: 'the same with `cloudwatch({ mode: \'emf\' })`, which also carries PutMetricData' },
      { id: 'bundle.hono', title: 'Hono middleware + /metrics route' },
    ],
  },
  {
    group: 'cold-start',
    title: 'Cold start: init and the first invocation, above an empty module',
    about: 'Each entry is bundled (esbuild, minified, Node platform) and imported by a fresh `node` process that times its own `import()` up to the next macrotask, as Lambda\'s init ends: its runtime asks for the first event only after the module has loaded and the promise work it queued has run. The empty module\'s median is subtracted. Lambda entries run with `AWS_LAMBDA_FUNCTION_NAME` set, as on Lambda, so lastcall\'s `prewarm` is on in the default rows. The first-invocation rows go on to call the handler once in the same process, as Lambda\'s first event does, including the first write to stdout (Node sets up its stream machinery on first use, a few ms for every library). 20 processes per entry, interleaved, median. Powertools has no prewarm: its figures stand in the `prewarm: false` rows too.',
    rows: [
      { id: 'cold.lambda.emf', title: 'init: core + lambda + EMF, one counter (lastcall: prewarm on, the Lambda default)' },
      { id: 'cold.lambda.emf.invoke', title: 'its first invocation alone (one EMF line written)' },
      { id: 'cold.lambda.emf.first', title: 'init + first invocation' },
      { id: 'cold.lambda.emf.noprewarm', title: 'init, lastcall with `prewarm: false`' },
      { id: 'cold.lambda.emf.invoke.noprewarm', title: 'its first invocation alone, `prewarm: false`' },
      { id: 'cold.lambda.emf.first.noprewarm', title: 'init + first invocation, `prewarm: false`' },
      { id: 'cold.core', title: 'core alone, one counter' },
    ],
  },
  {
    group: 'memory',
    title: 'Memory',
    about: 'Retained memory (`--expose-gc`, `gc()` before and after): the JS heap plus ArrayBuffer stores, which typed arrays keep outside the heap (earlier runs counted the heap alone, which left out the 96 bytes of bucket counts lastcall then kept per histogram series in a Float64Array), per unit shown; and what a million bound `inc()` calls allocate (heap growth read every 100,000 calls without collecting, the young generation fixed at 64 MB so no scavenge hides anything).',
    rows: [
      { id: 'memory.series', title: 'memory per 10,000 series (half counters, half histograms)' },
      { id: 'memory.spans', title: 'memory per 1,000 finished spans (3 attributes)' },
      { id: 'memory.bound-inc', title: 'heap allocated by 1,000,000 bound `inc()` calls' },
    ],
  },
  {
    group: 'request-latency',
    title: 'Added latency per request (issues 6 and 7)',
    about: 'Wall time per request as a client on the same machine sees it: Node `fetch` over loopback keep-alive, sequential, 50 warm-up requests then 500 measured, per runtime. workerd: two `wrangler dev` (local workerd) Workers, a plain Hono app (bench/entries/worker-plain.ts) and the same app inside `instrument` with `telemetryMiddleware` (bench/entries/worker-instrumented.ts). serverless-offline: bench/serverless.yml with a plain HTTP API handler and the same handler in `wrapHandler` (bench/lambda/). lastcall\'s console adapter writes nowhere, so spans, metrics and the flush run (in the Worker after the response, in `ctx.waitUntil`; in Lambda before it returns) without I/O. Requests alternate between the pair, so load from other jobs hits both alike.',
    oneRun: 'one process, requests alternating',
    versus: 'with lastcall vs without',
    chart: false,
    rows: [
      { id: 'latency.workerd.median', title: 'workerd (wrangler dev), median' },
      { id: 'latency.workerd.p99', title: 'workerd (wrangler dev), p99' },
      { id: 'latency.offline.median', title: 'serverless-offline, median' },
      { id: 'latency.offline.p99', title: 'serverless-offline, p99' },
    ],
  },
]

/**
 * Issue 7's targets; `peer`, `today` and `todayValue` are the issue's own
 * best-peer figure, so `todayValue / target` is the lead over that peer the
 * target asks for, which can be checked against the peer in the same run.
 */
export const TARGETS = [
  { id: 'counter.labels', title: 'counter inc, labels object', target: 40, unit: 'ns', peer: 'prom-client', today: '~160 ns', todayValue: 160 },
  { id: 'counter.bound', title: 'counter inc, bound series', target: 5, unit: 'ns', peer: 'prom-client', today: '~150 ns', todayValue: 150 },
  { id: 'histogram.labels', title: 'histogram observe, labels object', target: 60, unit: 'ns', peer: 'prom-client', today: '~390 ns', todayValue: 390 },
  { id: 'span.start-end', title: 'span start+end, 3 attributes, recorded', target: 1000, unit: 'ns', peer: 'OpenTelemetry', today: '~6 µs', todayValue: 6000 },
  { id: 'rw.1000', title: 'remote-write encode+snappy, 1,000 series (7,500 samples)', target: 4e6, unit: 'ns', peer: 'prometheus-remote-write', today: '~45 ms', todayValue: 45e6 },
  { id: 'text.1000', title: 'text exposition, 1,000 series', target: 0.5e6, unit: 'ns', peer: 'prom-client', today: '~5.9 ms', todayValue: 5.9e6 },
  { id: 'otlp.metrics.proto.1000', title: 'OTLP metrics protobuf, 1,000 series', target: 0.4e6, unit: 'ns', peer: 'OpenTelemetry', today: '~0.9 ms', todayValue: 0.9e6 },
  { id: 'otlp.traces.proto.100', title: 'OTLP traces protobuf, 100 spans', target: 50e3, unit: 'ns', peer: 'OpenTelemetry', today: '~150 µs', todayValue: 150e3 },
  { id: 'bundle.worker.otlp', title: 'Worker bundle, cloudflare + OTLP, gzip', target: 10 * 1024, unit: 'bytes', peer: '@microlabs/otel-cf-workers', today: '~34 KB', todayValue: 34 * 1024 },
  { id: 'bundle.core.remote-write', title: 'core + remote-write, gzip', target: 8 * 1024, unit: 'bytes', peer: 'prometheus-remote-write', today: '~36 KB', todayValue: 36 * 1024 },
  { id: 'cold.lambda.emf', title: 'cold import, core + lambda + EMF', target: 5, unit: 'ms', peer: 'Powertools', today: '~25 ms', todayValue: 25 },
]
