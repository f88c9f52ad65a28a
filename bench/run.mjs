/**
 * `npm run bench`: runs every group in its own process (at least twice),
 * keeps the medians in bench/results/latest.json, and regenerates
 * BENCHMARKS.md and bench/results/ratios.svg from them.
 *
 *   node bench/run.mjs                      all groups
 *   node bench/run.mjs --only hot-path,spans some groups; the others keep their last figures
 *   node bench/run.mjs --runs 3             processes per timed group (at least 2)
 *   node bench/run.mjs --report             only regenerate the report from latest.json
 *   node bench/run.mjs --max-wait 600       wait longer for a quiet machine before each process (default 120 s)
 *   BENCH_CLOCK=wall node bench/run.mjs     wall time instead of process CPU time
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { aggregateGroup } from './lib/aggregate.mjs'
import { bundleGroup } from './lib/build.mjs'
import { describeEnvironment, waitForQuiet } from './lib/environment.mjs'
import { GROUPS } from './lib/groups.mjs'
import { BENCH_DIR, RESULTS_DIR } from './lib/paths.mjs'
import { writeReport } from './lib/report.mjs'
import { calibrate, SLOW } from './lib/host-check.mjs'
import { runGroupProcess } from './lib/spawn.mjs'

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    report: { type: 'boolean', default: false },
    'max-wait': { type: 'string', default: '120' },
  },
})

const LATEST = join(RESULTS_DIR, 'latest.json')
mkdirSync(RESULTS_DIR, { recursive: true })
const previous = existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : { groups: {} }

/**
 * The fastest host-check reading (bench/lib/host-check.mjs) of each group so
 * far, handed to its next process. Per group: the same loop runs at a
 * different steady speed in each bundle, so readings compare only within one.
 */
const fastestCalibration = new Map()

/** The orchestrator's fastest host-check reading; its own readings compare only with each other. */
let fastestHost = Infinity

if (!args.report) {
  const only = args.only?.split(',').map((s) => s.trim())
  const unknown = only?.filter((name) => !GROUPS.some((g) => g.name === name)) ?? []
  if (unknown.length > 0) throw new Error(`unknown group ${unknown.join(', ')}; groups: ${GROUPS.map((g) => g.name).join(', ')}`)
  const clock = process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'cpu'
  const latest = { environment: describeEnvironment(clock), groups: { ...previous.groups } }
  for (const group of GROUPS.filter((g) => only === undefined || only.includes(g.name))) {
    latest.groups[group.name] = await runGroup(group)
    writeFileSync(LATEST, JSON.stringify(latest, null, 1) + '\n')
  }
}
writeReport(JSON.parse(readFileSync(LATEST, 'utf8')))
console.log('wrote bench/results/latest.json, bench/results/ratios.svg and BENCHMARKS.md')

async function runGroup(group) {
  const source = join(BENCH_DIR, group.entry)
  if (!existsSync(source)) return { runs: 0, errors: [`${group.entry} is missing`], figures: [] }
  const script = group.bundled === false ? source : await bundleGroup(source)
  const runs = group.runs === 1 ? 1 : Math.max(2, Number(args.runs ?? group.runs))
  const outputs = []
  const loads = []
  for (let k = 0; k < runs; k++) {
    loads.push(await waitForQuiet(Number(args['max-wait'])))
    // Timed groups only: bundle sizes are deterministic, and request latency is meant to include the load.
    if (group.runs !== 1) await waitForFastHost(60)
    console.log(`# ${group.name}, run ${k + 1} of ${runs} (load ${loads[k]})`)
    const rawFile = join(RESULTS_DIR, `${group.name}-${k + 1}.raw.json`)
    const fastest = fastestCalibration.get(group.name)
    const calibration = fastest === undefined ? {} : { BENCH_CALIBRATION_NS: String(fastest) }
    const output = await runGroupProcess({ script, rawFile, nodeArgs: group.nodeArgs, env: { BENCH_RUN_INDEX: String(k), ...calibration } })
    for (const figure of output.figures ?? []) {
      const reading = figure.detail?.calibrationNs
      if (reading !== undefined && reading < (fastestCalibration.get(group.name) ?? Infinity)) fastestCalibration.set(group.name, reading)
    }
    outputs.push(output)
  }
  // --only keeps older groups' figures: each group says when it was measured.
  return { measured: new Date().toISOString().slice(0, 16).replace('T', ' '), ...aggregateGroup(outputs, loads) }
}

/** Waits, up to `maxSeconds`, until the host check reads within SLOW times the fastest reading of this run. */
async function waitForFastHost(maxSeconds) {
  const deadline = Date.now() + maxSeconds * 1000
  const read = () => Math.min(calibrate(), calibrate(), calibrate())
  let reading = read()
  fastestHost = Math.min(fastestHost, reading)
  while (reading > SLOW * fastestHost && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5000))
    reading = read()
    fastestHost = Math.min(fastestHost, reading)
  }
  if (reading > SLOW * fastestHost) console.log(`# host still slow after ${maxSeconds} s (${(reading / fastestHost).toFixed(2)}x)`)
}
