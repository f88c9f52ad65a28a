/**
 * lastcall/server in the real runtimes (Node, Bun and Deno from their npm
 * packages): SIGTERM and SIGINT flush, shut the adapters down and exit with
 * 128 + the signal number; the periodic flush timer never keeps a process
 * alive; and the totals reach a real Prometheus through remote-write.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, startPrometheus, waitUntil, type RunningServer } from '../support/prometheus.js'
import { sampleValue, startSlowSink, type SlowSink } from '../lambda/offline-harness.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const OUT = `${ROOT}.tmp/server-fixture`
const BUNDLE = `${OUT}/server-app.mjs`
const RUN_TIMEOUT_MS = 30_000

const RUNTIMES = {
  node: { bin: process.execPath, args: [BUNDLE] },
  bun: { bin: `${ROOT}node_modules/.bin/bun`, args: [BUNDLE] },
  deno: { bin: `${ROOT}node_modules/.bin/deno`, args: ['run', '--allow-env', '--allow-net', '--no-prompt', BUNDLE] },
} as const
type Runtime = keyof typeof RUNTIMES

function available(runtime: Runtime): boolean {
  if (existsSync(RUNTIMES[runtime].bin)) return true
  if (process.env['CI'] === 'true') return true // fail, do not skip, under CI
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING lastcall/server tests on ${runtime}: ${RUNTIMES[runtime].bin} is missing (npm package '${runtime}')\n${'!'.repeat(78)}\n`)
  return false
}

interface Run { code: number | null; signal: string | null; output: string }

/** Starts the fixture; once it prints `ready`, sends `signal` (if any); resolves when it exits, killing it at the time limit. */
function runFixture(runtime: Runtime, env: Record<string, string>, signal?: NodeJS.Signals): Promise<Run> {
  const { bin, args } = RUNTIMES[runtime]
  const child = spawn(bin, [...args], { cwd: OUT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', ...env } })
  let output = ''
  let sent = false
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    if (signal !== undefined && !sent && output.includes('ready')) {
      sent = true
      child.kill(signal)
    }
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS)
    child.once('exit', (code, exitSignal) => {
      clearTimeout(timer)
      resolve({ code, signal: exitSignal, output })
    })
  })
}

const prometheusBackend = backendsAvailable(PROMETHEUS_BIN)

describe('lastcall/server in Node, Bun and Deno', () => {
  let sink: SlowSink
  let prometheus: RunningServer | undefined

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true })
    // platform neutral: the bundle fails to build if anything pulls in a `node:` module.
    await build({
      entryPoints: [fileURLToPath(new URL('./fixtures/server-app.ts', import.meta.url))], outfile: BUNDLE,
      bundle: true, platform: 'neutral', format: 'esm', target: 'es2022', mainFields: ['module', 'main'], external: ['@aws-sdk/*'], logLevel: 'error',
    })
    sink = await startSlowSink(200)
    if (prometheusBackend.run) prometheus = await startPrometheus()
  }, 60_000)

  afterAll(async () => {
    await prometheus?.stop()
    await sink?.close()
  })

  for (const runtime of Object.keys(RUNTIMES) as Runtime[]) {
    describe.skipIf(!available(runtime))(runtime, () => {
      for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
        it(`on ${signal}: flushes, then shuts the adapters down, then exits with ${code}`, async () => {
          const service = `server-app-${runtime}-${signal.toLowerCase()}`
          const env: Record<string, string> = { FIXTURE_SERVICE: service, LASTCALL_PUSHGATEWAY_URL: sink.url, ...(prometheus === undefined ? {} : { LASTCALL_REMOTE_WRITE_URL: `${prometheus.url}/api/v1/write` }) }
          const run = await runFixture(runtime, env, signal)
          expect({ code: run.code, signal: run.signal }, run.output).toEqual({ code, signal: null })
          const mine = sink.pushes.filter((p) => p.path.includes(`/job/${service}/`))
          // The final flush's PUT, then the group's DELETE from the adapter's shutdown, and nothing else.
          expect(mine.map((p) => p.method), run.output).toEqual(['PUT', 'DELETE'])
          expect(sampleValue(mine[0]!.body, 'http_requests_total', { method: 'GET', route: '/things/:id', status: '200' })).toBe(2)
          if (prometheus !== undefined) {
            const query = `sum(http_requests_total{job="${service}",route="/things/:id"})`
            await waitUntil(async () => (await queryPrometheus(prometheus!.url, query))[0]?.value === 2, 10_000)
            expect((await queryPrometheus(prometheus.url, query))[0]?.value).toBe(2)
          }
        }, 60_000)
      }

      it('is not kept alive by the periodic flush timer', async () => {
        const started = Date.now()
        const run = await runFixture(runtime, { FIXTURE_SERVICE: `idle-${runtime}`, FIXTURE_MODE: 'idle', LASTCALL_PUSHGATEWAY_URL: sink.url })
        expect(run.code, run.output).toBe(0)
        expect(Date.now() - started).toBeLessThan(RUN_TIMEOUT_MS)
      }, 60_000)
    })
  }
})
