/**
 * OTLP response handling (OT-8, OT-9): only 429, 502, 503 and 504 are
 * retried, Retry-After is honoured, 500 and other errors are final, and a
 * 200 with partial success is logged and counted but never retried.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { otlp } from '../../adapters/otlp/index.js'
import { counter, makeBatch, rootSpan } from './fixtures.js'
import { recordingLogger, withContext } from './helpers.js'
import { encodeProto, otlpTypes } from './otlp-proto.js'
import { startReceiver, type Receiver } from './receiver.js'

let receiver: Receiver
beforeEach(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.stop()
})

const spansOnly = makeBatch({ spans: [rootSpan] })
const metricsOnly = makeBatch({ metrics: [counter] })

describe('retries', () => {
  it.each([429, 502, 503, 504])('retries %d and then succeeds', async (status) => {
    receiver.reply({ status, body: 'busy' }, { status: 200 })
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url }).export(spansOnly, context))
    expect(outcome).toMatchObject({ ok: true, spansDelivered: true, attempts: 2, status: 200 })
    expect(receiver.requests).toHaveLength(2)
    // The same request goes again.
    expect(receiver.requests[1]!.raw).toEqual(receiver.requests[0]!.raw)
  })

  it.each([400, 401, 403, 404, 413, 500, 501])('does not retry %d', async (status) => {
    receiver.reply({ status, body: `{"code":3,"message":"no ${status}"}`, headers: { 'content-type': 'application/json', 'retry-after': '0' } })
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url }).export(spansOnly, context))
    expect(outcome).toMatchObject({ ok: false, spansDelivered: false, metricsDelivered: true, attempts: 1, status })
    expect(outcome.message).toContain(`HTTP ${status}`)
    expect(receiver.requests).toHaveLength(1)
  })

  it('honours Retry-After in seconds on 429', async () => {
    receiver.reply({ status: 429, headers: { 'retry-after': '1' } }, { status: 200 })
    const started = Date.now()
    const outcome = await withContext({ timeoutMs: 10_000 }, (context) => otlp({ endpoint: receiver.url }).export(metricsOnly, context))
    expect(outcome).toMatchObject({ ok: true, metricsDelivered: true, attempts: 2 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('honours Retry-After as an HTTP date on 503', async () => {
    const date = new Date(Date.now() + 2000).toUTCString() // whole seconds: 1 to 2 s away
    receiver.reply({ status: 503, headers: { 'retry-after': date } }, { status: 200 })
    const started = Date.now()
    const outcome = await withContext({ timeoutMs: 10_000 }, (context) => otlp({ endpoint: receiver.url }).export(metricsOnly, context))
    expect(outcome.ok).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  it('stops at the deadline when Retry-After points past it', async () => {
    receiver.reply({ status: 429, headers: { 'retry-after': '30' } })
    const outcome = await withContext({ timeoutMs: 500 }, (context) => otlp({ endpoint: receiver.url }).export(metricsOnly, context))
    expect(outcome).toMatchObject({ ok: false, metricsDelivered: false, timedOut: true, attempts: 1, status: 429 })
  })

  it('retries a refused connection and reports the failure', async () => {
    const url = receiver.url
    await receiver.stop()
    const outcome = await withContext({}, (context) => otlp({ endpoint: url }).export(spansOnly, context))
    expect(outcome).toMatchObject({ ok: false, spansDelivered: false })
    expect(outcome.attempts).toBeGreaterThan(1)
    receiver = await startReceiver() // for afterEach
  })
})

describe('partial success (OT-8)', () => {
  it('reads a JSON partial success with an int64 string count, logs it and does not retry', async () => {
    const logger = recordingLogger()
    receiver.reply({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"partialSuccess":{"rejectedDataPoints":"3","errorMessage":"3 points had NaN start times"}}',
    })
    const outcome = await withContext({ logger }, (context) => otlp({ endpoint: receiver.url, encoding: 'json' }).export(metricsOnly, context))
    expect(outcome).toMatchObject({ ok: false, metricsDelivered: true, rejected: 3, attempts: 1 })
    expect(outcome.message).toContain('rejected 3 data points')
    expect(receiver.requests).toHaveLength(1)
    expect(logger.lines).toContainEqual({ level: 'warn', message: 'otlp: the collector rejected 3 data points: 3 points had NaN start times' })
  })

  it('reads a protobuf partial success by content type', async () => {
    const logger = recordingLogger()
    const body = encodeProto(otlpTypes.tracesResponse, { partialSuccess: { rejectedSpans: 2, errorMessage: 'spans too old' } })
    receiver.reply({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body })
    const outcome = await withContext({ logger }, (context) => otlp({ endpoint: receiver.url }).export(spansOnly, context))
    expect(outcome).toMatchObject({ ok: false, spansDelivered: true, rejected: 2, attempts: 1 })
    expect(logger.lines.map((l) => l.message)).toContain('otlp: the collector rejected 2 spans: spans too old')
  })

  it('parses the body by its content type, not by what was sent', async () => {
    receiver.reply({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"partialSuccess":{"rejectedSpans":"1"}}' })
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url, encoding: 'protobuf' }).export(spansOnly, context))
    expect(outcome.rejected).toBe(1)
  })

  it('treats zero rejected with a message as a warning only', async () => {
    const logger = recordingLogger()
    const body = encodeProto(otlpTypes.metricsResponse, { partialSuccess: { rejectedDataPoints: 0, errorMessage: 'deprecated unit' } })
    receiver.reply({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body })
    const outcome = await withContext({ logger }, (context) => otlp({ endpoint: receiver.url }).export(metricsOnly, context))
    expect(outcome).toMatchObject({ ok: true, metricsDelivered: true })
    expect(outcome.rejected).toBeUndefined()
    expect(logger.lines.map((l) => l.message)).toContain('otlp: the collector rejected 0 data points: deprecated unit')
  })

  it('counts an empty or unparsable 200 body as full success', async () => {
    receiver.reply({ status: 200, headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([0x0a, 0x05, 0x08]) })
    const outcome = await withContext({}, (context) => otlp({ endpoint: receiver.url }).export(spansOnly, context))
    expect(outcome).toMatchObject({ ok: true, spansDelivered: true })
  })
})
