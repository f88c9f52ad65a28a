/** Section-specific additions to BENCHMARKS.md: where bundle bytes go, cold start in wall time, the allocation proof. */
import { find } from './figures.mjs'
import { formatValue } from './format.mjs'
import { addedLatency, implementationChoice } from './report-latency-snappy.mjs'

const kb = (bytes) => formatValue(bytes, 'bytes')

function bundleParts(figures) {
  const out = []
  const rows = ['bundle.core', 'bundle.worker.otlp', 'bundle.worker.otlp.otel', 'bundle.core.remote-write', 'bundle.experiment.metrics-only', 'bundle.experiment.metrics-only.remote-write', 'bundle.lambda.emf', 'bundle.lambda.cloudwatch']
  const ours = rows.map((id) => find(figures, id, 'lastcall')).filter((f) => f?.extra?.parts)
  if (ours.length === 0) return out
  out.push('What lastcall\'s bundles are made of (minified bytes per package or source folder, before gzip), and the gzip size when @opentelemetry/api resolves to its ESM build (the `module` condition, which Rollup, webpack and esbuild without custom conditions use; `workerd,worker,browser` alone picks its CommonJS build, which cannot be tree-shaken). Only `lastcall/otel` loads the API, so only its row differs:', '')
  out.push('| bundle | minified | gzip | gzip, ESM api | largest parts |', '|---|---|---|---|---|')
  for (const f of ours) {
    const parts = Object.entries(f.extra.parts).slice(0, 6).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', ')
    out.push(`| ${f.id} | ${kb(f.extra.minified)} | ${kb(f.value)} | ${f.extra.gzipEsmApi ? kb(f.extra.gzipEsmApi) : ''} | ${parts} |`)
  }
  out.push('')
  return out
}

function coldWall(figures) {
  const rows = figures.filter((f) => f.group === 'cold-start' && f.extra?.wallMs !== undefined)
  if (rows.length === 0) return []
  const out = ['The same processes in wall time, above the empty module (its own import took ' + `${rows[0].extra.emptyMs?.toFixed(2)} ms of ${rows[0].extra.clock === 'cpu' ? 'CPU' : 'wall'} time):`, '']
  out.push('| entry | library | wall ms above empty |', '|---|---|---|')
  for (const f of rows) out.push(`| ${f.id} | ${f.lib} | ${f.extra.wallMs.toFixed(2)} ms |`)
  return [...out, '']
}

function allocation(figures) {
  const f = find(figures, 'memory.bound-inc', 'lastcall')
  if (!f) return []
  return [
    `**The bound-series hot path allocates nothing.** While 1,000,000 \`bound.inc()\` calls ran, the heap grew by at most ${formatValue(f.value, 'bytes')} (what the engine itself allocates meanwhile; one small object per call would be at least 8 MB), and after a full collection it differed from before by ${formatValue(f.extra?.retained ?? null, 'bytes')}. The deterministic check lives in test/core/allocation.test.ts: a child process runs a million bound \`inc\`, \`observe\` and \`set\` calls with a fixed 64 MB young generation, reads the heap every 100,000 calls without collecting, and asserts it grew by less than 1 MB while running (under one byte per call) and by less than 64 KB after a full collection; a control path that allocates one object per call must show more than 8 MB, proving the readings see garbage.`,
    '',
  ]
}

export const EXTRAS = {
  'bundle-size': bundleParts,
  'cold-start': coldWall,
  memory: allocation,
  snappy: implementationChoice,
  'request-latency': addedLatency,
}
