import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { createTelemetry, type SpanData } from '../../src/index.js'
import { registerGlobal, type GlobalRegistration } from '../../src/otel/index.js'
import { memoryAdapter } from '../../src/testing/index.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let registration: GlobalRegistration | undefined
afterEach(() => {
  registration?.unregister()
  registration = undefined
})

/** A telemetry registered through lastcall/otel, so `trace.getTracer()` and `context.active()` from the API are lastcall's. */
function setup(options: Parameters<typeof createTelemetry>[0] = {}) {
  const memory = memoryAdapter()
  const telemetry = createTelemetry({ service: 'spans', adapters: [memory], ...options })
  registration = registerGlobal(telemetry)
  return { memory, telemetry }
}

describe('spans and invocations', () => {
  it('records a root span and children with parent links, from telemetry.tracer and trace.getTracer()', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'GET /orders/:id', attributes: { 'http.request.method': 'GET' } }, async () => {
      await telemetry.tracer.startActiveSpan('load', async (span) => {
        await sleep(2)
        trace.getTracer('user-code', '1.2.3').startSpan('query', { kind: SpanKind.CLIENT }).end()
        span.end()
      })
    })
    await telemetry.flush()
    const spans = memory.spans()
    const root = spans.find((s) => s.name === 'GET /orders/:id') as SpanData
    const load = spans.find((s) => s.name === 'load') as SpanData
    const query = spans.find((s) => s.name === 'query') as SpanData
    expect(root.parentSpanId).toBe('')
    expect(root.kind).toBe(SpanKind.SERVER)
    expect(load.parentSpanId).toBe(root.spanId)
    expect(query.parentSpanId).toBe(load.spanId)
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1)
    expect(query.scope).toEqual({ name: 'user-code', version: '1.2.3' })
    expect(root.endTimeMs).toBeGreaterThanOrEqual(root.startTimeMs)
  })

  it('keeps concurrent invocations apart: each flush carries only its own finished invocation', async () => {
    const { memory, telemetry } = setup()
    const run = (name: string, delay: number) =>
      telemetry.invoke({ name }, async () => {
        for (let i = 0; i < 5; i++) {
          const span = trace.getTracer('t').startSpan(`${name}-child-${i}`)
          await sleep(delay)
          span.end()
        }
      })
    await Promise.all([run('a', 3), run('b', 2), run('c', 1)])
    await telemetry.flush()
    const spans = memory.spans()
    for (const name of ['a', 'b', 'c']) {
      const root = spans.find((s) => s.name === name) as SpanData
      const children = spans.filter((s) => s.name.startsWith(`${name}-child`))
      expect(children).toHaveLength(5)
      for (const child of children) {
        expect(child.traceId).toBe(root.traceId)
        expect(child.parentSpanId).toBe(root.spanId)
      }
    }
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(3)
  })

  it('an invocation that ends first is flushed without the spans of one still running', async () => {
    const { memory, telemetry } = setup()
    let finishSlow: () => void = () => {}
    const slow = telemetry.invoke({ name: 'slow' }, async () => {
      trace.getTracer('t').startSpan('slow-early').end()
      await new Promise<void>((r) => (finishSlow = r))
    })
    await telemetry.invoke({ name: 'fast' }, async () => {
      trace.getTracer('t').startSpan('fast-child').end()
    })
    await telemetry.flush()
    expect(memory.spans().map((s) => s.name).sort()).toEqual(['fast', 'fast-child'])
    finishSlow()
    await slow
    await telemetry.flush()
    expect(memory.spans().map((s) => s.name).sort()).toEqual(['fast', 'fast-child', 'slow', 'slow-early'])
  })

  it('continues a W3C trace from headers and starts a new one for invalid input', async () => {
    const { memory, telemetry } = setup()
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    await telemetry.invoke({ name: 'in', headers: { traceparent, tracestate: 'rojo=00f067aa0ba902b7' } }, () => {})
    await telemetry.invoke({ name: 'bad', headers: { traceparent: traceparent.toUpperCase(), tracestate: 'rojo=1' } }, () => {})
    await telemetry.flush()
    const [good, bad] = memory.spans()
    expect(good).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', parentSpanId: 'b7ad6b7169203331', parentIsRemote: true, traceState: 'rojo=00f067aa0ba902b7' })
    expect(bad?.traceId).not.toBe('0af7651916cd43dd8448eb211c80319c')
    expect(bad?.parentSpanId).toBe('')
    expect(bad?.traceState).toBeUndefined()
  })

  it('follows parent-based sampling: an unsampled caller gets no recorded spans but context still propagates', async () => {
    const { memory, telemetry } = setup()
    let seen = ''
    await telemetry.invoke({ name: 'unsampled', headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' } }, (invocation) => {
      seen = invocation.span.spanContext().traceId
    })
    await telemetry.flush()
    expect(seen).toBe('0af7651916cd43dd8448eb211c80319c')
    expect(memory.spans()).toHaveLength(0)
  })

  it('records the error, sets status ERROR and rethrows the same error object', async () => {
    const { memory, telemetry } = setup()
    const error = new TypeError('nope')
    await expect(telemetry.invoke({ name: 'fails' }, () => { throw error })).rejects.toBe(error)
    await telemetry.flush()
    const [span] = memory.spans()
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' })
    expect(span?.events[0]).toMatchObject({ name: 'exception', attributes: { 'exception.type': 'TypeError', 'exception.message': 'nope' } })
  })

  it('bounds spans per invocation and counts the drops', async () => {
    const { memory, telemetry } = setup({ maxSpansPerInvocation: 5 })
    await telemetry.invoke({ name: 'many' }, () => {
      for (let i = 0; i < 20; i++) telemetry.tracer.startSpan(`s${i}`).end()
    })
    await telemetry.flush()
    expect(memory.spans()).toHaveLength(5)
    expect(memory.value('lastcall_dropped_spans_total')).toBe(16)
  })

  it('applies OpenTelemetry span limits and status rules', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'limits' }, () => {
      const span = telemetry.tracer.startSpan('x', { attributes: { a: 1 } })
      for (let i = 0; i < 200; i++) span.setAttribute(`k${i}`, i)
      for (let i = 0; i < 130; i++) span.addEvent(`e${i}`)
      span.setStatus({ code: SpanStatusCode.OK })
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'ignored after OK' })
      span.end()
      span.setAttribute('after-end', true)
    })
    await telemetry.flush()
    const span = memory.spans().find((s) => s.name === 'x') as SpanData
    expect(Object.keys(span.attributes)).toHaveLength(128)
    expect(span.droppedAttributesCount).toBe(73)
    expect(span.events).toHaveLength(128)
    expect(span.droppedEventsCount).toBe(2)
    expect(span.status).toEqual({ code: SpanStatusCode.OK, message: '' })
    expect('after-end' in span.attributes).toBe(false)
  })

  it('applies the same rules to attributes given at start, and keeps a copy of them', async () => {
    const { memory, telemetry } = setup()
    const given: Record<string, string | number | undefined> = { kept: 'yes', missing: undefined, '': 'empty key' }
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`k${i}`, i]))
    const inherited = Object.assign(Object.create({ fromPrototype: 'p' }) as Record<string, string>, { own: 'o' })
    await telemetry.invoke({ name: 'start-attributes' }, () => {
      telemetry.tracer.startSpan('filtered', { attributes: given }).end()
      const plain = { route: '/a' }
      const span = telemetry.tracer.startSpan('copied', { attributes: plain })
      plain.route = '/changed'
      span.setAttribute('later', 1)
      span.end()
      telemetry.tracer.startSpan('over-limit', { attributes: many }).end()
      telemetry.tracer.startSpan('inherited', { attributes: inherited }).end()
    })
    await telemetry.flush()
    const spans = memory.spans()
    const byName = (name: string) => spans.find((s) => s.name === name) as SpanData
    expect(byName('filtered').attributes).toEqual({ kept: 'yes' })
    expect(byName('copied').attributes).toEqual({ route: '/a', later: 1 })
    expect(Object.keys(byName('over-limit').attributes)).toHaveLength(128)
    expect(byName('over-limit').droppedAttributesCount).toBe(2)
    // for…in sees inherited keys, as setAttributes always has.
    expect(byName('inherited').attributes).toEqual({ own: 'o', fromPrototype: 'p' })
  })

  it('takes attribute names that objects already have (constructor, __proto__) as plain keys', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'odd-keys' }, () => {
      const span = telemetry.tracer.startSpan('odd')
      span.setAttribute('constructor', 'c')
      span.setAttribute('__proto__', 'p')
      span.setAttribute('toString', 't')
      span.addEvent('e', { __proto__: 'ignored by the literal', ['__proto__' as string]: 'kept' } as Record<string, string>)
      span.end()
    })
    await telemetry.flush()
    const odd = memory.spans().find((s) => s.name === 'odd') as SpanData
    expect(Object.keys(odd.attributes).sort()).toEqual(['__proto__', 'constructor', 'toString'])
    expect(odd.attributes['__proto__']).toBe('p')
    expect(Object.getPrototypeOf(odd.attributes)).toBe(Object.prototype)
    expect(odd.events[0]?.attributes['__proto__']).toBe('kept')
  })

  it('keeps the start attributes, an own __proto__ included, when later keys are added', async () => {
    const { memory, telemetry } = setup()
    await telemetry.invoke({ name: 'later-keys' }, () => {
      const given = JSON.parse('{"__proto__":"p","a":"1"}') as Record<string, string>
      const span = telemetry.tracer.startSpan('later', { attributes: given })
      span.setAttribute('b', 2)
      span.setAttribute('a', 'changed')
      span.setAttributes({ c: true })
      span.end()
      // The caller's object is a source, never the span's storage.
      expect(given).toEqual(JSON.parse('{"__proto__":"p","a":"1"}'))
    })
    await telemetry.flush()
    const later = memory.spans().find((s) => s.name === 'later') as SpanData
    expect(Object.keys(later.attributes)).toEqual(['__proto__', 'a', 'b', 'c'])
    expect(later.attributes).toMatchObject({ a: 'changed', b: 2, c: true })
    expect(later.attributes['__proto__']).toBe('p')
    expect(Object.getPrototypeOf(later.attributes)).toBe(Object.prototype)
  })

  it('never lets an end time precede the start (frozen clocks)', async () => {
    const { memory, telemetry } = setup({ clock: { now: () => 1_700_000_000_000 } })
    await telemetry.invoke({ name: 'frozen' }, () => {
      telemetry.tracer.startSpan('cpu').end(1_600_000_000_000)
    })
    await telemetry.flush()
    for (const span of memory.spans()) expect(span.endTimeMs).toBeGreaterThanOrEqual(span.startTimeMs)
  })

  it('spans that end after their invocation (waitUntil work) go out with the next flush', async () => {
    const { memory, telemetry } = setup()
    let late: ReturnType<typeof telemetry.tracer.startSpan> | undefined
    await telemetry.invoke({ name: 'req' }, () => {
      late = telemetry.tracer.startSpan('background')
    })
    await telemetry.flush()
    late?.end()
    await telemetry.flush()
    expect(memory.spans().map((s) => s.name)).toEqual(['req', 'background'])
  })

  it('links the active context to logs', async () => {
    const lines: string[] = []
    const { telemetry } = setup({ logWrite: (line) => lines.push(line) })
    await telemetry.invoke({ name: 'logged' }, (invocation) => {
      telemetry.log.info('inside', { orderId: 7 })
      expect(trace.getSpanContext(context.active())?.spanId).toBe(invocation.span.spanContext().spanId)
    })
    const record = JSON.parse(lines[0] as string)
    expect(record).toMatchObject({ level: 'info', message: 'inside', service: 'spans', orderId: 7 })
    expect(record.trace_id).toMatch(/^[0-9a-f]{32}$/)
    expect(record.span_id).toMatch(/^[0-9a-f]{16}$/)
  })
})
