/**
 * Bundle sizes (gzip -9 of the minified ESM bundle) of minimal programs in
 * bench/entries. Deterministic, so one run; it still runs in its own process.
 */
import { bundleEntry, buildError } from '../lib/bundles.mjs'
import { writeFileSync } from 'node:fs'

const BUNDLES = [
  { ids: ['bundle.core'], lib: 'lastcall', entry: 'lastcall-core.ts', platform: 'worker' },
  { ids: ['bundle.core'], lib: 'prom-client', entry: 'peer-prom-client.ts', platform: 'node' },
  { ids: ['bundle.worker.otlp'], lib: 'lastcall', entry: 'lastcall-worker-otlp.ts', platform: 'worker' },
  { ids: ['bundle.worker.otlp'], lib: '@microlabs/otel-cf-workers', entry: 'peer-otel-cf-workers.ts', platform: 'worker' },
  { ids: ['bundle.worker.otlp'], lib: 'OpenTelemetry web SDK + OTLP exporter', entry: 'peer-otel-web.ts', platform: 'worker' },
  { ids: ['bundle.worker.otlp.otel'], lib: 'lastcall', entry: 'lastcall-worker-otlp-otel.ts', platform: 'worker' },
  { ids: ['bundle.worker.remote-write'], lib: 'lastcall', entry: 'lastcall-worker-remote-write.ts', platform: 'worker' },
  // Its optional node-fetch fallback is left out: a Worker passes the platform fetch.
  { ids: ['bundle.worker.remote-write', 'bundle.core.remote-write'], lib: 'prometheus-remote-write', entry: 'peer-prometheus-remote-write.ts', platform: 'worker', external: ['node-fetch'] },
  { ids: ['bundle.worker.pushgateway'], lib: 'lastcall', entry: 'lastcall-worker-pushgateway.ts', platform: 'worker' },
  { ids: ['bundle.worker.cloudwatch'], lib: 'lastcall', entry: 'lastcall-worker-cloudwatch.ts', platform: 'worker' },
  { ids: ['bundle.core.remote-write'], lib: 'lastcall', entry: 'lastcall-core-remote-write.ts', platform: 'worker' },
  // Experiments, not product entries: what the core's metrics half alone would weigh (bench/entries/experiment/).
  { ids: ['bundle.experiment.metrics-only'], lib: 'lastcall', entry: 'experiment-metrics-only.ts', platform: 'worker' },
  { ids: ['bundle.experiment.metrics-only.remote-write'], lib: 'lastcall', entry: 'experiment-metrics-only-remote-write.ts', platform: 'worker' },
  { ids: ['bundle.lambda.emf'], lib: 'lastcall', entry: 'lastcall-lambda-emf.ts', platform: 'node' },
  { ids: ['bundle.lambda.emf'], lib: 'Powertools', entry: 'peer-powertools.ts', platform: 'node' },
  { ids: ['bundle.lambda.cloudwatch'], lib: 'lastcall', entry: 'lastcall-lambda-cloudwatch.ts', platform: 'node' },
  { ids: ['bundle.hono'], lib: 'lastcall', entry: 'lastcall-hono.ts', platform: 'worker', external: ['hono', 'hono/*'] },
  { ids: ['bundle.hono'], lib: '@hono/prometheus', entry: 'peer-hono-prometheus.ts', platform: 'node', external: ['hono', 'hono/*'] },
]

/**
 * The same bundle with the `module` condition, which Rollup, webpack and
 * esbuild without custom conditions add: @opentelemetry/api, where a bundle
 * has it (lastcall/otel), then resolves to its tree-shakable ESM build
 * instead of CommonJS.
 */
async function esmApiSize(b) {
  return (await bundleEntry(b.entry, b.platform, { external: b.external, conditions: ['module'] })).gzip
}

const figures = []
for (const b of BUNDLES) {
  let figure
  try {
    const { minified, gzip, parts } = await bundleEntry(b.entry, b.platform, { external: b.external })
    figure = { unit: 'bytes', value: gzip, detail: { extra: { minified, platform: b.platform, ...(b.lib === 'lastcall' ? { parts, gzipEsmApi: await esmApiSize(b) } : {}) } } }
  } catch (error) {
    figure = { unit: 'bytes', value: null, note: `build failed: ${buildError(error)}` }
  }
  for (const id of b.ids) figures.push({ id, lib: b.lib, ...figure })
}
const json = JSON.stringify({ group: 'bundle-size', node: process.version, figures }, null, 1)
if (process.argv[2] === undefined) console.log(json)
else writeFileSync(process.argv[2], json)
