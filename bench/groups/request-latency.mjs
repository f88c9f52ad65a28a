/**
 * Issues 6/7: the latency lastcall adds to one request, in workerd (`wrangler
 * dev`) and in serverless-offline. Each runtime runs a plain handler and the
 * same handler with lastcall side by side; requests alternate between them
 * (sequential, one at a time) so a busy moment on this shared machine hits
 * both alike. Wall clock on purpose: latency is what a caller waits.
 * Every server runs in its own process group, killed at the end; every wait
 * is bounded.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { median } from '../lib/aggregate.mjs'
import { lastcallPlugin } from '../lib/lastcall-plugin.mjs'
import { BENCH_DIR, ROOT_DIR } from '../lib/paths.mjs'

const WARMUP = 50
const REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 500)
const READY_MS = 90_000
const REQUEST_MS = 10_000
const BIN = join(ROOT_DIR, 'node_modules/.bin')

const figures = []
const servers = []
try {
  figures.push(...(await runtime('workerd', startWorkers)))
  figures.push(...(await runtime('offline', startOffline)))
} finally {
  await stopAll()
}
const json = JSON.stringify({ group: 'request-latency', node: process.version, figures }, null, 1)
if (process.argv[2] === undefined) console.log(json)
else writeFileSync(process.argv[2], json)

/** Starts one runtime's pair, measures it, stops it; null figures with the reason when anything fails. */
async function runtime(name, start) {
  const loadBefore = loadavg()[0]
  try {
    const { plain, instrumented, stop } = await start()
    try {
      const samples = await alternate(plain, instrumented)
      return figuresOf(name, samples, [loadBefore, loadavg()[0]])
    } finally {
      await stop()
    }
  } catch (error) {
    const note = `failed: ${String(error?.message ?? error).split('\n').slice(0, 3).join(' | ')}`
    return ['median', 'p99'].flatMap((stat) => ['lastcall', 'without lastcall'].map((lib) => ({ id: `latency.${name}.${stat}`, lib, unit: 'ms', value: null, note })))
  }
}

/** WARMUP then REQUESTS requests to each URL, alternating; per-request wall ms of the measured ones. */
async function alternate(plainUrl, instrumentedUrl) {
  const samples = { plain: [], instrumented: [] }
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    // Who goes first flips every round, so neither always follows the other.
    const order = i % 2 === 0 ? ['plain', 'instrumented'] : ['instrumented', 'plain']
    for (const which of order) {
      const ms = await timedGet(which === 'plain' ? plainUrl : instrumentedUrl)
      if (i >= WARMUP) samples[which].push(ms)
    }
  }
  return samples
}

async function timedGet(url) {
  const start = performance.now()
  const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_MS) })
  await response.arrayBuffer()
  const ms = performance.now() - start
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  return ms
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

function figuresOf(name, samples, load) {
  const out = []
  for (const [stat, of] of [['median', median], ['p99', (v) => percentile(v, 99)]]) {
    const plain = of(samples.plain)
    const ours = of(samples.instrumented)
    const extra = { addedMs: ours - plain, requests: samples.plain.length, warmup: WARMUP, load }
    out.push({ id: `latency.${name}.${stat}`, lib: 'lastcall', unit: 'ms', value: ours, detail: { extra } })
    out.push({ id: `latency.${name}.${stat}`, lib: 'without lastcall', unit: 'ms', value: plain, detail: { extra } })
  }
  return out
}

/** Both Workers under `wrangler dev` on the local workerd, offline. */
async function startWorkers() {
  const [plain, instrumented] = await Promise.all([wrangler('plain.toml'), wrangler('instrumented.toml')])
  return { plain: `${plain}/hello/bench`, instrumented: `${instrumented}/hello/bench`, stop: stopAll }
}

async function wrangler(config) {
  const [port, inspector] = [await freePort(), await freePort()]
  const persist = mkdtempSync(join(tmpdir(), 'lastcall-bench-wrangler-'))
  const server = launch(join(BIN, 'wrangler'), [
    'dev', '--config', join(BENCH_DIR, 'workers', config), '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(inspector), '--persist-to', persist,
  ], { WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' }, () => rmSync(persist, { recursive: true, force: true }))
  const url = `http://127.0.0.1:${port}`
  await waitFor(server, 'Ready on', `${url}/hello/ready`)
  return url
}

/** bench/serverless.yml under `serverless offline`, its handlers bundled first. */
async function startOffline() {
  await build({
    entryPoints: [join(BENCH_DIR, 'lambda/plain.ts'), join(BENCH_DIR, 'lambda/wrapped.ts')],
    outdir: join(BENCH_DIR, '.tmp/lambda'),
    outExtension: { '.js': '.mjs' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', plugins: [lastcallPlugin], logLevel: 'error',
  })
  const [http, lambda, websocket] = [await freePort(), await freePort(), await freePort()]
  const server = launch(join(BIN, 'serverless'), [
    'offline', '--host', '127.0.0.1',
    '--httpPort', String(http), '--lambdaPort', String(lambda), '--websocketPort', String(websocket),
  // serverless reads its config only from the service root, so it starts in bench/.
  ], { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' }, undefined, BENCH_DIR)
  const url = `http://127.0.0.1:${http}`
  await waitFor(server, 'Server ready', `${url}/plain/ready`)
  return { plain: `${url}/plain/bench`, instrumented: `${url}/wrapped/bench`, stop: stopAll }
}

/** Spawns `bin` in its own process group and remembers how to kill that group. */
function launch(bin, args, env, cleanup = () => {}, cwd = ROOT_DIR) {
  const child = spawn(bin, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  const server = { child, output: '', stop: once(() => killGroup(child).then(cleanup)) }
  const append = (chunk) => { server.output = (server.output + chunk).slice(-100_000) }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  servers.push(server)
  return server
}

/** Resolves once `text` was printed and `url` answers; throws with the tail of the output after READY_MS. */
async function waitFor(server, text, url) {
  const deadline = Date.now() + READY_MS
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`exited with ${server.child.exitCode}: ${server.output.slice(-500)}`)
    if (server.output.includes(text)) {
      try {
        await (await fetch(url, { signal: AbortSignal.timeout(5000) })).arrayBuffer()
        return
      } catch {
        // Listening soon.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`not ready within ${READY_MS} ms: ${server.output.slice(-500)}`)
}

/** SIGTERM to the whole group (wrangler, workerd, esbuild; serverless and its workers), SIGKILL after 5 s. */
async function killGroup(child) {
  const signal = (name) => {
    try {
      process.kill(-child.pid, name)
    } catch {
      // Already gone.
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    signal('SIGTERM')
    const timer = setTimeout(() => signal('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  // Children (workerd) may outlive the leader by a moment.
  signal('SIGKILL')
}

function once(fn) {
  let done
  return () => (done ??= fn())
}

async function freePort() {
  const server = createServer()
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Stops every server started so far, so the next runtime has the machine to itself. */
function stopAll() {
  return Promise.all(servers.map((s) => s.stop()))
}
