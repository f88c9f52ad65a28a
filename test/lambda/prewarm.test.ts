/**
 * `prewarm`: one synthetic invocation when the handler is wrapped. It must
 * run lastcall's paths through every adapter's encoder, and leave no trace:
 * no user code called, nothing recorded on the user's telemetry, nothing
 * sent or written, no adapter state changed.
 */
import { describe, expect, it, vi } from 'vitest'
import { createExportContext, createTelemetry, OptionsError, type Adapter, type ExportBatch, type ExportContext } from '../../src/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { otlp } from '../../adapters/otlp/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { pushgateway } from '../../adapters/pushgateway/index.js'
import { consoleAdapter } from '../../adapters/console/index.js'
import { httpV2 } from './events.js'
import { lambdaContext } from './helpers.js'
import { thrownBy } from '../support/thrown.js'

// Counts loads of the AWS SDK, so API mode's warm() can be shown to leave it unloaded.
const sdkLoads = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../adapters/cloudwatch/sdk.js', async (original) => {
  const real = await original<typeof import('../../adapters/cloudwatch/sdk.js')>()
  return { ...real, importCloudWatchSdk: () => { sdkLoads.count++; return real.importCloudWatchSdk() } }
})

const LAMBDA_ENV = { AWS_LAMBDA_FUNCTION_NAME: 'orders', AWS_REGION: 'eu-west-1' }

/** An adapter that records what reaches `export` and `warm`. */
function spyAdapter(warm: (batch: ExportBatch) => void = () => {}) {
  const exported: ExportBatch[] = []
  const warmed: ExportBatch[] = []
  const adapter: Adapter = {
    name: 'spy', temporality: 'delta', signals: { metrics: true, traces: true },
    async export(batch) {
      exported.push(batch)
      return { ok: true }
    },
    warm(batch) {
      warmed.push(batch)
      warm(batch)
    },
  }
  return { adapter, exported, warmed }
}

/** Lets the warm-up's promise chain finish, as Lambda's runtime does before it asks for the first event. */
const afterInit = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('wrapHandler prewarm', () => {
  it('runs the invocation, metrics and flush paths once at wrap time, through the adapters’ warm()', async () => {
    const spy = spyAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [spy.adapter], env: LAMBDA_ENV })
    const handler = vi.fn(async () => ({ statusCode: 200, body: 'ok' }))
    wrapHandler(telemetry, handler)
    await afterInit()
    expect(handler).not.toHaveBeenCalled()
    expect(spy.exported).toHaveLength(0)
    expect(spy.warmed).toHaveLength(1)
    const batch = spy.warmed[0] as ExportBatch
    expect(batch.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['faas_invocations_total', 'faas_coldstarts_total', 'http_requests_total']))
    expect(batch.spans.map((s) => s.name)).toEqual(['GET /lastcall/prewarm'])
    expect(batch.resource.serviceName).toBe('orders')
  })

  it('leaves the user’s telemetry untouched: no series, no spans, the first real event is still the cold start', async () => {
    const memory = memoryAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [memory], env: LAMBDA_ENV })
    const wrapped = wrapHandler(telemetry, async () => ({ statusCode: 201, body: '' }))
    await afterInit()
    expect(telemetry.collect().flatMap((m) => m.points)).toHaveLength(0)
    expect(memory.batches).toHaveLength(0)
    await wrapped(httpV2(), lambdaContext())
    expect(memory.value('faas_coldstarts_total')).toBe(1)
    expect(memory.value('faas_invocations_total', { trigger: 'http', outcome: 'success' })).toBe(1)
    expect(memory.value('http_requests_total', { method: 'GET', route: '/orders/{id}', status: '201' })).toBe(1)
    expect(memory.spans().map((s) => s.name)).toEqual(['GET /orders/{id}'])
  })

  it('is on by default on Lambda only, and `prewarm` overrides the environment either way', async () => {
    const cases = [
      { env: LAMBDA_ENV, prewarm: undefined, warms: 1 },
      { env: {}, prewarm: undefined, warms: 0 },
      { env: LAMBDA_ENV, prewarm: false, warms: 0 },
      { env: {}, prewarm: true, warms: 1 },
    ]
    for (const { env, prewarm, warms } of cases) {
      const spy = spyAdapter()
      const telemetry = createTelemetry({ service: 'orders', adapters: [spy.adapter], env })
      wrapHandler(telemetry, async () => 'ok', prewarm === undefined ? {} : { prewarm })
      await afterInit()
      expect(spy.warmed, JSON.stringify({ env, prewarm })).toHaveLength(warms)
    }
  })

  it('warms once per telemetry, however many handlers wrap it', async () => {
    const spy = spyAdapter()
    const telemetry = createTelemetry({ service: 'orders', adapters: [spy.adapter], env: LAMBDA_ENV })
    wrapHandler(telemetry, async () => 'a')
    wrapHandler(telemetry, async () => 'b')
    await afterInit()
    expect(spy.warmed).toHaveLength(1)
  })

  it('never calls the user’s route function', async () => {
    const route = vi.fn(() => '/custom')
    const telemetry = createTelemetry({ service: 'orders', adapters: [spyAdapter().adapter], env: LAMBDA_ENV })
    const wrapped = wrapHandler(telemetry, async () => 'ok', { route })
    await afterInit()
    expect(route).not.toHaveBeenCalled()
    await wrapped(httpV2(), lambdaContext())
    expect(route).toHaveBeenCalledTimes(1)
  })

  it('survives an adapter whose warm() throws: nothing escapes, the first event is served and exported', async () => {
    const spy = spyAdapter(() => {
      throw new Error('encoder bug')
    })
    const telemetry = createTelemetry({ service: 'orders', adapters: [spy.adapter], env: LAMBDA_ENV })
    const wrapped = wrapHandler(telemetry, async () => ({ statusCode: 200, body: 'ok' }))
    await afterInit()
    expect(await wrapped(httpV2(), lambdaContext())).toEqual({ statusCode: 200, body: 'ok' })
    expect(spy.exported).toHaveLength(1)
  })

  it('reads the host environment in place: the warm-up copies no variable of it', async () => {
    const real = process.env
    let listings = 0
    // A telemetry created without `env` reads process.env itself; listing its keys is what a copy would cost.
    process.env = new Proxy({ ...real, ...LAMBDA_ENV }, {
      ownKeys(target) {
        listings++
        return Reflect.ownKeys(target)
      },
    })
    try {
      const spy = spyAdapter()
      const telemetry = createTelemetry({ service: 'orders', adapters: [spy.adapter] })
      wrapHandler(telemetry, async () => 'ok')
      await afterInit()
      expect(spy.warmed).toHaveLength(1)
      expect(listings).toBe(0)
    } finally {
      process.env = real
    }
  })

  it('gives the warm-up an `env` passed to createTelemetry, as the real invocations see it', async () => {
    const seen: (string | undefined)[] = []
    const adapter: Adapter = {
      name: 'env', temporality: 'delta', signals: { metrics: true, traces: false },
      async export() {
        return { ok: true }
      },
      warm(_batch, context) {
        seen.push(context.env['AWS_REGION'])
      },
    }
    const telemetry = createTelemetry({ service: 'orders', adapters: [adapter], env: LAMBDA_ENV })
    wrapHandler(telemetry, async () => 'ok')
    await afterInit()
    expect(seen).toEqual(['eu-west-1'])
  })

  it('refuses a prewarm that is not a boolean, naming the rule', () => {
    const telemetry = createTelemetry({ service: 'orders', adapters: [] })
    const thrown = thrownBy(() => wrapHandler(telemetry, async () => 'ok', { prewarm: 'yes' as unknown as boolean }))
    expect(thrown).toBeInstanceOf(OptionsError)
    expect((thrown as OptionsError).rule).toBe('lambda-prewarm')
  })
})

/** A realistic batch (FaaS and HTTP metrics, one span), as a wrapped invocation leaves it. */
async function sampleBatch(temporality: 'cumulative' | 'delta' = 'cumulative'): Promise<ExportBatch> {
  const memory = memoryAdapter({ temporality })
  const telemetry = createTelemetry({ service: 'orders', adapters: [memory] })
  await wrapHandler(telemetry, async () => ({ statusCode: 200, body: 'ok' }), { prewarm: false })(httpV2(), lambdaContext())
  return memory.batches[0] as ExportBatch
}

/** An export context whose fetch records every call and answers 200. */
function recordingContext(env: Record<string, string> = {}) {
  const calls: { url: string; method: string; body: Uint8Array | undefined }[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = init?.body instanceof Uint8Array ? init.body : undefined
    calls.push({ url: String(input), method: init?.method ?? 'GET', body })
    return new Response(null, { status: 200 })
  }) as typeof globalThis.fetch
  const { context, dispose } = createExportContext({ timeoutMs: 2000, fetch, env })
  return { context, dispose, calls }
}

describe('adapters’ warm(): encode, send and write nothing, change no state', () => {
  it('cloudwatch EMF writes no line, and the next export is what an unwarmed adapter writes', async () => {
    const batch = await sampleBatch('delta')
    const lines = { warmed: [] as string[], fresh: [] as string[] }
    const warmed = cloudwatch({ namespace: 'Orders', mode: 'emf', write: (line) => lines.warmed.push(line) })
    const fresh = cloudwatch({ namespace: 'Orders', mode: 'emf', write: (line) => lines.fresh.push(line) })
    const { context, dispose } = recordingContext()
    warmed.warm?.(batch, context)
    expect(lines.warmed).toHaveLength(0)
    await warmed.export(batch, context)
    await fresh.export(batch, context)
    dispose()
    const withoutTime = (line: string) => line.replace(/"Timestamp":\d+/, '')
    expect(lines.warmed.map(withoutTime)).toEqual(lines.fresh.map(withoutTime))
    expect(lines.warmed.length).toBeGreaterThan(0)
  })

  it('cloudwatch EMF with the default sink writes nothing to stdout, and the next export writes there', async () => {
    const batch = await sampleBatch('delta')
    const adapter = cloudwatch({ namespace: 'Orders', mode: 'emf' })
    const { context, dispose } = recordingContext()
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      adapter.warm?.(batch, context)
      expect(write).not.toHaveBeenCalled()
      await adapter.export(batch, context)
      expect(write.mock.calls.length).toBeGreaterThan(0)
      expect(String(write.mock.calls[0]?.[0])).toMatch(/^\{"_aws":/)
    } finally {
      write.mockRestore()
      dispose()
    }
  })

  it('cloudwatch API mode encodes without loading the SDK or sending a request', async () => {
    const batch = await sampleBatch('delta')
    const adapter = cloudwatch({ namespace: 'Orders', mode: 'api', region: 'eu-west-1' })
    const { context, dispose } = recordingContext()
    const loads = sdkLoads.count
    adapter.warm?.(batch, context)
    await new Promise((resolve) => setTimeout(resolve, 20))
    dispose()
    expect(sdkLoads.count).toBe(loads)
  })

  it.each(['http/protobuf', 'http/json'])('otlp (%s) sends nothing', async (protocol) => {
    const batch = await sampleBatch()
    const adapter = otlp({ endpoint: 'http://127.0.0.1:4318' })
    const { context, dispose, calls } = recordingContext({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol })
    adapter.warm?.(batch, context)
    await new Promise((resolve) => setTimeout(resolve, 20))
    dispose()
    expect(calls).toHaveLength(0)
  })

  it('remote-write sends nothing, and the first real push still carries each new series’ zero sample', async () => {
    const batch = await sampleBatch()
    const warmed = remoteWrite({ url: 'http://127.0.0.1:9090/api/v1/write' })
    const fresh = remoteWrite({ url: 'http://127.0.0.1:9090/api/v1/write' })
    const a = recordingContext()
    warmed.warm?.(batch, a.context)
    expect(a.calls).toHaveLength(0)
    await warmed.export(batch, a.context)
    const b = recordingContext()
    await fresh.export(batch, b.context)
    a.dispose()
    b.dispose()
    expect(a.calls.map((c) => c.body)).toEqual(b.calls.map((c) => c.body))
    expect(a.calls).toHaveLength(1)
  })

  it('pushgateway sends nothing, and a warmed-only adapter deletes no group at shutdown', async () => {
    const batch = await sampleBatch()
    const adapter = pushgateway({ url: 'http://127.0.0.1:9091', deleteOnShutdown: true })
    const { context, dispose, calls } = recordingContext()
    adapter.warm?.(batch, context)
    await adapter.shutdown?.(context)
    dispose()
    expect(calls).toHaveLength(0)
  })

  it('console writes nothing', async () => {
    const batch = await sampleBatch()
    for (const format of ['pretty', 'json'] as const) {
      const write = vi.fn()
      consoleAdapter({ format, write }).warm?.(batch, {} as ExportContext)
      expect(write).not.toHaveBeenCalled()
    }
  })
})
