/**
 * Cold start: a fresh `node` process imports one bundled entry and times
 * its own `import()`. Entries are bundled like a Lambda deployment
 * (esbuild, minified, Node platform, everything inlined). Processes are
 * interleaved across entries so a busy moment hits all of them alike; the
 * empty module's median is subtracted.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bundleEntry, buildError } from '../lib/bundles.mjs'
import { median } from '../lib/aggregate.mjs'
import { calibrate, SLOW } from '../lib/host-check.mjs'
import { BENCH_DIR } from '../lib/paths.mjs'

const PROCESSES = Number(process.env.BENCH_COLD_RUNS ?? 20)
const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu'
// Lambda entries run with the variable Lambda sets, so each library behaves as it does there (lastcall's prewarm is on).
const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'bench' }
// `init`: the import; `first`: the import plus the first invocation; `invoke`: that invocation alone.
// Powertools has no prewarm: its figures stand in both the default and the `prewarm: false` rows.
const LAMBDA_IDS = { init: ['cold.lambda.emf'], first: ['cold.lambda.emf.first'], invoke: ['cold.lambda.emf.invoke'] }
const NO_PREWARM_IDS = { init: ['cold.lambda.emf.noprewarm'], first: ['cold.lambda.emf.first.noprewarm'], invoke: ['cold.lambda.emf.invoke.noprewarm'] }
const BOTH_IDS = { init: [...LAMBDA_IDS.init, ...NO_PREWARM_IDS.init], first: [...LAMBDA_IDS.first, ...NO_PREWARM_IDS.first], invoke: [...LAMBDA_IDS.invoke, ...NO_PREWARM_IDS.invoke] }
const ENTRIES = [
  { key: 'empty', entry: 'empty.ts' },
  { key: 'lambda', ids: LAMBDA_IDS, lambda: true, lib: 'lastcall', entry: 'lastcall-lambda-emf.ts' },
  { key: 'lambda-noprewarm', ids: NO_PREWARM_IDS, lambda: true, lib: 'lastcall', entry: 'lastcall-lambda-emf-noprewarm.ts' },
  { key: 'core', ids: { init: ['cold.core'] }, lib: 'lastcall', entry: 'lastcall-core.ts' },
  { key: 'powertools', ids: BOTH_IDS, lambda: true, lib: 'Powertools', entry: 'peer-powertools.ts' },
  { key: 'prom-client', ids: { init: ['cold.core'] }, lib: 'prom-client', entry: 'peer-prom-client.ts' },
  // Not bundled: loaded from node_modules, as a Lambda zip without a bundler ships them.
  { key: 'powertools-modules', ids: BOTH_IDS, lambda: true, lib: 'Powertools, unbundled', entry: 'peer-powertools-unbundled.mjs', unbundled: true },
  { key: 'prom-client-modules', ids: { init: ['cold.core'] }, lib: 'prom-client, unbundled', entry: 'peer-prom-client-unbundled.mjs', unbundled: true },
]

const dir = join(BENCH_DIR, '.tmp', 'cold')
mkdirSync(dir, { recursive: true })
const figures = []
const ready = []
for (const e of ENTRIES) {
  if (e.unbundled) {
    ready.push({ ...e, file: join(BENCH_DIR, 'entries', e.entry), samples: [], other: [], firstSamples: [], firstOther: [], invokeSamples: [], invokeOther: [] })
    continue
  }
  try {
    const { code } = await bundleEntry(e.entry, 'node', { runnable: true })
    const file = join(dir, `${e.key}.mjs`)
    writeFileSync(file, code)
    ready.push({ ...e, file, samples: [], other: [], firstSamples: [], firstOther: [], invokeSamples: [], invokeOther: [] })
  } catch (error) {
    for (const id of Object.values(e.ids ?? {}).flat()) figures.push({ id, lib: e.lib, unit: 'ms', value: null, note: `build failed: ${buildError(error)}` })
  }
}

// The timing is the last line: an entry invoked once writes its EMF lines before it.
const timeImport = (file, invoke, lambda) => {
  const env = lambda ? { ...process.env, ...LAMBDA_ENV } : process.env
  const out = execFileSync(process.execPath, [join(BENCH_DIR, 'lib', 'time-import.mjs'), file, ...(invoke ? ['--invoke'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env })
  return JSON.parse(out.trim().split('\n').pop())
}
// The host check (bench/lib/host-check.mjs): a round taken while the VM ran slow is taken again.
let fastest = Infinity
let repeatedRounds = 0
const SAMPLE_KEYS = ['samples', 'other', 'firstSamples', 'firstOther', 'invokeSamples', 'invokeOther']
// Two discarded rounds warm the file cache and node's own startup paths.
for (let round = -2, kept = 0; kept < PROCESSES; round++) {
  const before = calibrate()
  const taken = new Map()
  for (const e of ready) {
    if (e.failed) continue
    let t
    try {
      t = timeImport(e.file, e.ids?.first !== undefined, e.lambda === true)
    } catch (error) {
      e.failed = `import failed: ${String(error.stderr ?? error.message).split('\n').find((l) => l.startsWith('Error')) ?? 'see stderr'}`
      continue
    }
    const row = { samples: t[CLOCK], other: t[CLOCK === 'wall' ? 'cpu' : 'wall'] }
    if (e.ids?.first !== undefined) {
      row.firstSamples = t[CLOCK === 'wall' ? 'firstWall' : 'firstCpu']
      row.firstOther = t[CLOCK === 'wall' ? 'firstCpu' : 'firstWall']
      row.invokeSamples = row.firstSamples - row.samples
      row.invokeOther = row.firstOther - row.other
    }
    taken.set(e, row)
  }
  const after = calibrate()
  fastest = Math.min(fastest, before, after)
  if (round < 0) continue
  // Every entry ran in the round, so dropping a slow one treats them all alike; at most PROCESSES rounds are retaken.
  if (Math.max(before, after) / fastest > SLOW && repeatedRounds < PROCESSES) {
    repeatedRounds++
    continue
  }
  for (const [e, row] of taken) for (const key of SAMPLE_KEYS) if (row[key] !== undefined) e[key].push(row[key])
  kept++
}

const empty = ready.find((e) => e.key === 'empty')
const floor = median(empty?.samples ?? [0])
const floorOther = median(empty?.other ?? [0])
/** A figure for each id: the median of `samples` less `floor` (the invocation alone has no floor to take off). */
const push = (e, ids, samples, other, floorMs, floorOtherMs) => {
  for (const id of ids ?? []) {
    if (e.failed) {
      figures.push({ id, lib: e.lib, unit: 'ms', value: null, note: e.failed })
      continue
    }
    figures.push({
      id, lib: e.lib, unit: 'ms', value: median(samples) - floorMs,
      detail: { extra: { clock: CLOCK, repeatedRounds, emptyMs: floor, [CLOCK === 'wall' ? 'cpuMs' : 'wallMs']: median(other) - floorOtherMs, processes: PROCESSES } },
    })
  }
}
for (const e of ready.filter((r) => r.ids)) {
  push(e, e.ids.init, e.samples, e.other, floor, floorOther)
  push(e, e.ids.first, e.firstSamples, e.firstOther, floor, floorOther)
  push(e, e.ids.invoke, e.invokeSamples, e.invokeOther, 0, 0)
}
const json = JSON.stringify({ group: 'cold-start', node: process.version, figures }, null, 1)
if (process.argv[2] === undefined) console.log(json)
else writeFileSync(process.argv[2], json)
