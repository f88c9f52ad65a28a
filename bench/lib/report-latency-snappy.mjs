/**
 * Report additions for issue 3's implementation choice (snappy, protobuf)
 * and issues 6/7's added request latency. The choice is stated with this
 * run's figures, so the text cannot drift from the tables above it.
 */
import { find } from './figures.mjs'
import { describeRatio, formatValue } from './format.mjs'

/** "1.4× faster than snappyjs (12 ms against 17 ms)", or what is missing. */
function versus(figures, id, peer, unit = 'ns') {
  const ours = find(figures, id, 'lastcall')
  const theirs = find(figures, id, peer)
  if (ours?.value == null || theirs?.value == null) return `not compared in this run (${ours?.note ?? theirs?.note ?? 'no figure'})`
  return `${describeRatio(ours.value, theirs.value, unit)} than ${peer} (${formatValue(ours.value, unit)} against ${formatValue(theirs.value, unit)})`
}

/** Whether the protobuf figures favour one side on both sizes. */
function protobufVerdict(figures) {
  const wins = ['pb.1000', 'pb.10000'].map((id) => {
    const ours = find(figures, id, 'lastcall')?.value
    const theirs = find(figures, id, 'protobufjs')?.value
    return ours == null || theirs == null ? undefined : ours < theirs
  })
  if (wins.includes(undefined)) return ''
  if (wins.every(Boolean)) return ''
  return wins.some(Boolean) ? ': no clear winner on speed' : ': protobufjs is faster here, so the choice rests on the points below'
}

/** "1,004,235 B against snappyjs' 1,004,261 B": exact bytes, since the two differ by a few dozen (a median of two runs can end in .5: the timestamps differ). */
function sizes(figures, id) {
  const ours = find(figures, id, 'lastcall')?.value
  const theirs = find(figures, id, 'snappyjs')?.value
  if (ours == null || theirs == null) return 'not compared in this run'
  const bytes = (n) => `${Math.round(n).toLocaleString('en-US')} B`
  return `${bytes(ours)} against snappyjs' ${bytes(theirs)}`
}

export function implementationChoice(figures) {
  return [
    '**What lastcall uses, and why.** Remote-write keeps its own snappy block compressor (adapters/prometheus-remote-write/snappy.ts) and the protobuf writer it shares with the OTLP adapter (adapters/shared/proto-writer.ts, with write-request.ts):',
    '',
    `- **Speed.** On 10,000 series its snappy is ${versus(figures, 'snappy.10000', 'snappyjs')}; on 1,000, ${versus(figures, 'snappy.1000', 'snappyjs')}. Against protobufjs its uncached writer is ${versus(figures, 'pb.10000', 'protobufjs')} on 10,000 series and ${versus(figures, 'pb.1000', 'protobufjs')} on 1,000${protobufVerdict(figures)}; a real flush does not take this path anyway: it copies each series' label bytes, cached across flushes (the remote-write row above).`,
    `- **Size on the wire.** Both compressors are greedy LZ77 over a hash of 4-byte sequences, as the reference snappy is, and come out the same: ${sizes(figures, 'snappy.size.10000')} on 10,000 series, ${sizes(figures, 'snappy.size.1000')} on 1,000.`,
    '- **Runs everywhere without Node built-ins.** Both are plain `Uint8Array` code with no imports. snappyjs is CommonJS and, once `process.versions.node` is set (Bun, Deno, workerd with `nodejs_compat`), checks its input with the global `Buffer`. protobufjs builds its encoders from reflection with `Function` (@protobufjs/codegen), which workerd refuses (code generation from strings is disallowed); Workers would need `pbjs` static code plus the protobufjs/minimal runtime, a build step and a dependency for a four-message schema.',
    '- **Bundle** (esbuild, minified, gzip -9, measured when this was written): lastcall\'s snappy is about 1 KB, snappyjs about 2 KB (its `compress` drags the decompressor in); lastcall\'s protobuf writer is about 2.5 KB (it serves OTLP too), protobufjs/minimal alone (without the generated code) about 8.5 KB. The core + remote-write target is 8 KB in all.',
    '',
  ]
}

export function addedLatency(figures) {
  const rows = []
  for (const [runtime, title] of [['workerd', 'workerd (wrangler dev)'], ['offline', 'serverless-offline']]) {
    const median = find(figures, `latency.${runtime}.median`, 'lastcall')
    const p99 = find(figures, `latency.${runtime}.p99`, 'lastcall')
    if (median?.extra === undefined || p99?.extra === undefined) continue
    const [before, after] = median.extra.load ?? []
    rows.push(`| ${title} | ${signed(median.extra.addedMs)} | ${signed(p99.extra.addedMs)} | ${median.extra.requests} | ${before?.toFixed(2)} → ${after?.toFixed(2)} |`)
  }
  if (rows.length === 0) return []
  return [
    'Latency lastcall adds (with minus without; a negative figure is noise). Load is the 1-minute load average of this 2-core shared machine before and after the runtime\'s requests: above about 1.5 other jobs were competing for the CPU, which shows in the p99 more than in the median.',
    '',
    '| runtime | added, median | added, p99 | requests each | load |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ]
}

const signed = (ms) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(2)} ms`
