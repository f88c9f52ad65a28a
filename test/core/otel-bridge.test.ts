/**
 * The core records spans with no `@opentelemetry/api` at runtime; `lastcall/otel`
 * bridges to the API's globals when a program asks. These tests cover both
 * sides, and a program that registered its own context manager first.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api'
import { build } from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { createTelemetry, OptionsError, type SpanData } from '../../src/index.js'
import { registerGlobal, type GlobalRegistration } from '../../src/otel/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import { thrownBy } from '../support/thrown.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const root = new URL('../../', import.meta.url).pathname

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function setup() {
  const memory = memoryAdapter()
  const telemetry = createTelemetry({ service: 'bridge', adapters: [memory], env: {} })
  return { memory, telemetry }
}

function register(telemetry: Parameters<typeof registerGlobal>[0]): GlobalRegistration {
  const registration = registerGlobal(telemetry)
  cleanups.push(() => registration.unregister())
  return registration
}

/** A context manager of the program's own on AsyncLocalStorage, registered with the API before lastcall; returns its store. */
function registerProgramManager(): AsyncLocalStorage<Context> {
  const storage = new AsyncLocalStorage<Context>()
  const theirs: ContextManager = {
    active: () => storage.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.apply(thisArg, args)),
    bind: (_ctx, target) => target,
    enable() { return this },
    disable() { return this },
  }
  expect(context.setGlobalContextManager(theirs)).toBe(true)
  cleanups.push(() => context.disable())
  return storage
}

const byName = (spans: readonly SpanData[], name: string): SpanData => {
  const span = spans.find((s) => s.name === name)
  if (span === undefined) throw new Error(`no span named ${name} among ${spans.map((s) => s.name).join(', ')}`)
  return span
}

describe('spans without lastcall/otel', () => {
  it('nest through awaits on lastcall’s own async context', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'req' }, async () => {
      await telemetry.tracer.startActiveSpan('outer', async (outer) => {
        await sleep(1)
        telemetry.tracer.startSpan('inner').end()
        outer.end()
      })
    })
    await telemetry.flush()
    const spans = memory.spans()
    expect(byName(spans, 'outer').parentSpanId).toBe(byName(spans, 'req').spanId)
    expect(byName(spans, 'inner').parentSpanId).toBe(byName(spans, 'outer').spanId)
  })

  it('leave the API’s globals alone: trace.getTracer() stays a no-op, context.active() the root', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'req' }, async () => {
      const span = trace.getTracer('library').startSpan('unseen')
      expect(span.isRecording()).toBe(false)
      span.end()
      expect(context.active()).toBe(ROOT_CONTEXT)
    })
    await telemetry.flush()
    expect(memory.spans().map((s) => s.name)).toEqual(['req'])
  })

  it('take a parent from a context the API made', async () => {
    const { memory, telemetry } = setup()
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true })
    telemetry.tracer.startSpan('child', {}, parent).end()
    await telemetry.flush()
    const child = byName(memory.spans(), 'child')
    expect(child.traceId).toBe('0af7651916cd43dd8448eb211c80319c')
    expect(child.parentSpanId).toBe('b7ad6b7169203331')
    expect(child.parentIsRemote).toBe(true)
  })

  it('registerGlobal: true in createTelemetry names the bridge instead of silently recording nothing', () => {
    const error = thrownBy(() => createTelemetry({ service: 'x', adapters: [], registerGlobal: true as unknown as false }))
    expect(error).toBeInstanceOf(OptionsError)
    expect(error).toMatchObject({ rule: 'registerGlobal' })
    expect(String((error as Error).message)).toContain("lastcall/otel")
    expect(thrownBy(() => createTelemetry({ service: 'x', adapters: [], registerGlobal: false }))).toBeUndefined()
  })
})

describe('registerGlobal from lastcall/otel', () => {
  it('makes trace.getTracer() and context.active() lastcall’s, and unregister takes it back', async () => {
    const { memory, telemetry } = setup()
    const registration = register(telemetry)
    expect(registration).toMatchObject({ tracerProvider: true, contextManager: true })
    await telemetry.invoke({ name: 'req' }, async (invocation) => {
      await sleep(1)
      expect(trace.getSpanContext(context.active())?.spanId).toBe(invocation.span.spanContext().spanId)
      // Spans started through the API nest under lastcall's, and the other way round.
      await context.with(trace.setSpan(context.active(), trace.getTracer('library', '2.0.0').startSpan('api-parent')), async () => {
        await sleep(1)
        telemetry.tracer.startSpan('lastcall-child').end()
        trace.getActiveSpan()?.end()
      })
    })
    await telemetry.flush()
    const spans = memory.spans()
    expect(byName(spans, 'api-parent').parentSpanId).toBe(byName(spans, 'req').spanId)
    expect(byName(spans, 'api-parent').scope).toEqual({ name: 'library', version: '2.0.0' })
    expect(byName(spans, 'lastcall-child').parentSpanId).toBe(byName(spans, 'api-parent').spanId)

    registration.unregister()
    registration.unregister()
    expect(trace.getTracer('library').startSpan('after').isRecording()).toBe(false)
  })

  it('a second telemetry is refused the tracer provider, as the API keeps the first', () => {
    const first = setup()
    const second = setup()
    expect(register(first.telemetry)).toMatchObject({ tracerProvider: true, contextManager: true })
    expect(register(second.telemetry)).toMatchObject({ tracerProvider: false, contextManager: true })
  })

  it('follows a context manager the program registered first', async () => {
    const storage = registerProgramManager()
    const { memory, telemetry } = setup()
    expect(register(telemetry)).toMatchObject({ tracerProvider: true, contextManager: false })
    await telemetry.invoke({ name: 'req' }, async (invocation) => {
      await sleep(1)
      // lastcall's invocation runs in the program's manager, so both see the same active span.
      expect(storage.getStore()).toBe(invocation.context)
      trace.getTracer('library').startSpan('child').end()
    })
    await telemetry.flush()
    const spans = memory.spans()
    expect(byName(spans, 'child').parentSpanId).toBe(byName(spans, 'req').spanId)
  })

  it('keeps following the program’s manager until the last registration that follows it is taken back', async () => {
    const storage = registerProgramManager()
    const { telemetry } = setup()
    const first = register(telemetry)
    const second = register(telemetry)
    first.unregister()
    await telemetry.invoke({ name: 'req' }, async (invocation) => {
      await sleep(1)
      expect(storage.getStore()).toBe(invocation.context)
    })
    second.unregister()
    await telemetry.invoke({ name: 'own' }, async () => {
      // lastcall is back on its own context; the program's store sees nothing of it.
      expect(storage.getStore()).toBeUndefined()
    })
  })
})

describe('what loads @opentelemetry/api', () => {
  // The API's CommonJS build, which Worker bundlers pick, is ~7 KB gzip that cannot be tree-shaken.
  it.each([
    'src/index.ts', 'src/integrations/cloudflare/index.ts', 'src/integrations/lambda/index.ts', 'src/integrations/hono/index.ts', 'src/integrations/server/index.ts',
    'adapters/otlp/index.ts', 'adapters/prometheus-remote-write/index.ts', 'adapters/pushgateway/index.ts', 'adapters/console/index.ts', 'adapters/cloudwatch/index.ts', 'src/testing/index.ts',
  ])(
    '%s bundles without it',
    async (entry) => {
      const result = await build({
        entryPoints: [root + entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral',
        conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['node:*', 'hono', 'hono/*', '@aws-sdk/*'], logLevel: 'silent',
      })
      expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('@opentelemetry'))).toEqual([])
    },
  )

  it('lastcall/otel does', async () => {
    const result = await build({
      entryPoints: [root + 'src/otel/index.ts'], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral',
      mainFields: ['module', 'main'], logLevel: 'silent',
    })
    expect(Object.keys(result.metafile.inputs).some((input) => input.includes('@opentelemetry/api'))).toBe(true)
  })
})
