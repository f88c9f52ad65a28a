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
import { BENCH_DIR } from '../lib/paths.mjs'

const PROCESSES = Number(process.env.BENCH_COLD_RUNS ?? 20)
const CLOCK = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu'
const ENTRIES = [
  { key: 'empty', entry: 'empty.ts' },
  { key: 'lambda', ids: ['cold.lambda.emf'], first: 'cold.lambda.emf.first', lib: 'lastcall', entry: 'lastcall-lambda-emf.ts' },
  { key: 'core', ids: ['cold.core'], lib: 'lastcall', entry: 'lastcall-core.ts' },
  { key: 'powertools', ids: ['cold.lambda.emf'], first: 'cold.lambda.emf.first', lib: 'Powertools', entry: 'peer-powertools.ts' },
  { key: 'prom-client', ids: ['cold.core'], lib: 'prom-client', entry: 'peer-prom-client.ts' },
  // Not bundled: loaded from node_modules, as a Lambda zip without a bundler ships them.
  { key: 'powertools-modules', ids: ['cold.lambda.emf'], first: 'cold.lambda.emf.first', lib: 'Powertools, unbundled', entry: 'peer-powertools-unbundled.mjs', unbundled: true },
  { key: 'prom-client-modules', ids: ['cold.core'], lib: 'prom-client, unbundled', entry: 'peer-prom-client-unbundled.mjs', unbundled: true },
]

const dir = join(BENCH_DIR, '.tmp', 'cold')
mkdirSync(dir, { recursive: true })
const figures = []
const ready = []
for (const e of ENTRIES) {
  if (e.unbundled) {
    ready.push({ ...e, file: join(BENCH_DIR, 'entries', e.entry), samples: [], other: [], firstSamples: [], firstOther: [] })
    continue
  }
  try {
    const { code } = await bundleEntry(e.entry, 'node', { runnable: true })
    const file = join(dir, `${e.key}.mjs`)
    writeFileSync(file, code)
    ready.push({ ...e, file, samples: [], other: [], firstSamples: [], firstOther: [] })
  } catch (error) {
    for (const id of e.ids ?? []) figures.push({ id, lib: e.lib, unit: 'ms', value: null, note: `build failed: ${buildError(error)}` })
  }
}

// The timing is the last line: an entry invoked once writes its EMF lines before it.
const timeImport = (file, invoke) => {
  const out = execFileSync(process.execPath, [join(BENCH_DIR, 'lib', 'time-import.mjs'), file, ...(invoke ? ['--invoke'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return JSON.parse(out.trim().split('\n').pop())
}
// Two discarded rounds warm the file cache and node's own startup paths.
for (let round = -2; round < PROCESSES; round++) {
  for (const e of ready) {
    if (e.failed) continue
    let t
    try {
      t = timeImport(e.file, e.first !== undefined)
    } catch (error) {
      e.failed = `import failed: ${String(error.stderr ?? error.message).split('\n').find((l) => l.startsWith('Error')) ?? 'see stderr'}`
      continue
    }
    if (round >= 0) {
      e.samples.push(t[CLOCK])
      e.other.push(t[CLOCK === 'wall' ? 'cpu' : 'wall'])
      if (e.first !== undefined) {
        e.firstSamples.push(t[CLOCK === 'wall' ? 'firstWall' : 'firstCpu'])
        e.firstOther.push(t[CLOCK === 'wall' ? 'firstCpu' : 'firstWall'])
      }
    }
  }
}

const empty = ready.find((e) => e.key === 'empty')
const floor = median(empty?.samples ?? [0])
const floorOther = median(empty?.other ?? [0])
for (const e of ready.filter((r) => r.ids)) {
  for (const id of e.ids) {
    if (e.failed) {
      figures.push({ id, lib: e.lib, unit: 'ms', value: null, note: e.failed })
      continue
    }
    figures.push({
      id, lib: e.lib, unit: 'ms', value: median(e.samples) - floor,
      detail: { extra: { clock: CLOCK, emptyMs: floor, [CLOCK === 'wall' ? 'cpuMs' : 'wallMs']: median(e.other) - floorOther, processes: PROCESSES } },
    })
  }
  if (e.first !== undefined && !e.failed) {
    figures.push({
      id: e.first, lib: e.lib, unit: 'ms', value: median(e.firstSamples) - floor,
      detail: { extra: { clock: CLOCK, emptyMs: floor, [CLOCK === 'wall' ? 'cpuMs' : 'wallMs']: median(e.firstOther) - floorOther, processes: PROCESSES } },
    })
  }
}
const json = JSON.stringify({ group: 'cold-start', node: process.version, figures }, null, 1)
if (process.argv[2] === undefined) console.log(json)
else writeFileSync(process.argv[2], json)
