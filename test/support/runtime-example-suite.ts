/**
 * The checks Deno and Bun share: the built package imports by name through
 * every subpath export, and the runtime's example server records requests
 * and flushes them, on SIGTERM, to a real Prometheus (remote-write) and a
 * loopback OTLP receiver.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resourceOf, startOtlpReceiver, type OtlpReceiver } from '../workers/otlp-receiver.js'
import { ensureBuilt } from './built-package.js'
import { backendsAvailable, PROMETHEUS_BIN, queryPrometheus, startPrometheus, waitUntil, type RunningServer } from './prometheus.js'
import { ROOT, runtimeAvailable, startRuntimeServer, type RuntimeServer } from './runtime-process.js'

export interface RuntimeUnderTest {
  readonly name: 'deno' | 'bun'
  /** Command line that runs one TypeScript file with what it needs to read the package. */
  readonly runFile: (file: string) => readonly string[]
  /** Command line of the example server. */
  readonly example: readonly string[]
  /** The `service` the example names itself, Prometheus' `job`. */
  readonly service: string
}

const TRACE_ID = '5bf92f3577b34da6a3ce929d0e0e4736'
const SIGTERM_EXIT = 143

export function describeRuntime(runtime: RuntimeUnderTest): void {
  const bin = join(ROOT, 'node_modules/.bin', runtime.name)
  const run = runtimeAvailable(bin, runtime.name) && backendsAvailable(PROMETHEUS_BIN).run

  describe.skipIf(!run)(`${runtime.name} runs the built package`, () => {
    let prometheus: RunningServer | undefined
    let receiver: OtlpReceiver | undefined
    let server: RuntimeServer | undefined

    beforeAll(async () => {
      await ensureBuilt()
      prometheus = await startPrometheus()
      receiver = await startOtlpReceiver()
    }, 240_000)

    afterAll(async () => {
      await server?.stop()
      await receiver?.close()
      await prometheus?.stop()
    }, 30_000)

    it('imports every subpath export of the package by name', () => {
      const result = spawnSync(bin, [...runtime.runFile('test/support/import-all-exports.ts')], { cwd: ROOT, timeout: 60_000, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } })
      const line = result.stdout.trim().split('\n').at(-1) ?? ''
      expect(line, result.stderr).toMatch(/^\{/)
      const imported = JSON.parse(line) as Record<string, unknown>
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
      const expected = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? 'lastcall' : `lastcall/${k.slice(2)}`))
      expect(Object.keys(imported).sort()).toEqual(expected.sort())
      for (const [specifier, names] of Object.entries(imported)) expect(names, specifier).toEqual(expect.arrayContaining([expect.any(String)]))
      expect(imported['lastcall/cloudflare']).toContain('instrument')
      expect(imported['lastcall/hono']).toContain('telemetryMiddleware')
      expect(imported['lastcall']).toContain('createTelemetry')
    })

    it('records requests through the example server and flushes them on SIGTERM', async () => {
      server = await startRuntimeServer(bin, runtime.example, {
        PORT: '0',
        LASTCALL_REMOTE_WRITE_URL: `${prometheus!.url}/api/v1/write`,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver!.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Long enough that only the flush on SIGTERM can deliver during the test.
        LASTCALL_FLUSH_INTERVAL_MS: '600000',
      })
      const traceparent = `00-${TRACE_ID}-00f067aa0ba902b7-01`
      for (const path of ['/hello/ann', '/hello/bob', '/no/such/page']) {
        await (await fetch(`${server.url}${path}`, { headers: { traceparent }, signal: AbortSignal.timeout(10_000) })).text()
      }
      const scrape = await (await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text()
      expect(scrape).toContain('http_requests_total{method="GET",route="/hello/:name",status="200"} 2')
      // A long-running server does not flush per request.
      expect(receiver!.exports).toHaveLength(0)

      const ended = await server.signal('SIGTERM')
      expect(ended.code, server.output()).toBe(SIGTERM_EXIT)
      const total = async () => (await queryPrometheus(prometheus!.url, `sum(http_requests_total{job="${runtime.service}",route="/hello/:name",status="200"})`))[0]?.value
      expect(await waitUntil(async () => (await total()) === 2, 15_000)).toBe(true)
      const routes = (await queryPrometheus(prometheus!.url, `count by (route) (http_requests_total{job="${runtime.service}"})`)).map((s) => s.metric['route'])
      expect(routes.sort()).toEqual(['/*', '/hello/:name'])
      const spans = receiver!.spans().filter((s) => s.traceId === TRACE_ID)
      expect(spans.map((s) => s.name).sort()).toEqual(['GET /*', 'GET /hello/:name', 'GET /hello/:name', 'greet', 'greet', 'render', 'render'])
      // Parents held across an await: async context works inside the runtime.
      const byId = new Map(spans.map((s) => [s.spanId, s]))
      for (const render of spans.filter((s) => s.name === 'render')) {
        const greet = byId.get(render.parentSpanId)
        expect(greet?.name).toBe('greet')
        expect(byId.get(greet!.parentSpanId)?.name).toBe('GET /hello/:name')
      }
      // The core recognised the runtime from inside it, not from Node's globals.
      const resource = resourceOf(spans[0]!.export)
      expect(resource).toMatchObject({ 'process.runtime.name': runtime.name, 'service.name': runtime.service, 'service.instance.id': expect.any(String) })
      expect(resource['process.runtime.version'], JSON.stringify(resource)).toMatch(/^\d+\.\d+/)
      expect(resource['cloud.provider']).toBeUndefined()
    })
  })
}
