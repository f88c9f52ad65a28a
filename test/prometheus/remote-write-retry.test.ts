/**
 * Retry rules of remote-write against a real loopback socket: 5xx and
 * network errors retried with backoff, 429 after Retry-After, other 4xx
 * reported once with the body cut short, and the flush deadline always kept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createExportContext, type ExportContext } from '../../src/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { at, batchOf, histogramFamily, numberFamily } from '../support/prom-batches.js'
import { decodeRemoteWriteBody, labelOf } from '../support/prom-decode.js'
import { refusedPort, startScriptedServer, type ScriptedServer } from '../support/scripted-server.js'

const T = 1_700_000_000_000
const fastRetries = { initialDelayMs: 20, maxDelayMs: 100, multiplier: 2, maxAttempts: 6 }
let server: ScriptedServer
const disposers: Array<() => void> = []

beforeAll(async () => {
  server = await startScriptedServer()
})
afterAll(() => server.close())
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()))

function context(timeoutMs: number): ExportContext {
  const made = createExportContext({ timeoutMs, retryPolicy: fastRetries })
  disposers.push(made.dispose)
  return made.context
}

function batch(value: number, timeMs = T) {
  return batchOf(at([
    numberFamily('counter', 'orders_total', [[{ shop: 'a' }, value]]),
    histogramFamily('size_bytes', [10, 100], [[{}, [5, 50, 500].slice(0, Math.max(1, value % 4))]]),
  ], timeMs), { instanceId: 'i-1', timeMs })
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await work
  return [result, performance.now() - start]
}

describe('remote-write retries (loopback server)', () => {
  it.each([500, 502, 503, 504])('retries %i until it succeeds', async (status) => {
    server.script([{ status, body: 'try later' }, { status, body: 'try later' }, { status: 204 }])
    server.received.length = 0
    const outcome = await remoteWrite({ url: `${server.url}/api/v1/write` }).export(batch(1), context(3000))
    expect(outcome).toMatchObject({ ok: true, attempts: 3, status: 204 })
    expect(server.received).toHaveLength(3)
    // Every retry carries the same bytes: a stored first attempt makes the rest exact duplicates.
    expect(new Set(server.received.map((r) => r.body.toString('hex'))).size).toBe(1)
  })

  it('waits for Retry-After on 429 before retrying', async () => {
    server.script([{ status: 429, headers: { 'retry-after': '1' } }, { status: 204 }])
    server.received.length = 0
    const outcome = await remoteWrite({ url: server.url }).export(batch(1), context(4000))
    expect(outcome).toMatchObject({ ok: true, attempts: 2 })
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(950)
  })

  it('waits for a Retry-After HTTP-date on 429', async () => {
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString()
    server.script([{ status: 429, headers: { 'retry-after': when } }, { status: 204 }])
    server.received.length = 0
    const outcome = await remoteWrite({ url: server.url }).export(batch(1), context(5000))
    expect(outcome).toMatchObject({ ok: true, attempts: 2 })
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(900)
  })

  it('retries 429 without Retry-After with backoff', async () => {
    server.script([{ status: 429 }, { status: 204 }])
    server.received.length = 0
    expect(await remoteWrite({ url: server.url }).export(batch(1), context(3000))).toMatchObject({ ok: true, attempts: 2 })
  })

  it.each([400, 401, 404, 413])('reports %i once, with the response body cut short', async (status) => {
    server.script([{ status, body: `out of order sample ${'x'.repeat(5000)}` }, { status: 204 }])
    server.received.length = 0
    const outcome = await remoteWrite({ url: server.url, bearerToken: 'tok-123' }).export(batch(1), context(3000))
    expect(outcome).toMatchObject({ ok: false, attempts: 1, status })
    expect(server.received).toHaveLength(1)
    expect(outcome.message).toContain(`HTTP ${status}: out of order sample`)
    expect(outcome.message!.length).toBeLessThan(400)
    expect(outcome.message).not.toContain('tok-123')
  })

  it('returns within the deadline when the server hangs', async () => {
    server.script([{ hang: true }])
    const [outcome, elapsed] = await timed(remoteWrite({ url: server.url }).export(batch(1), context(500)))
    expect(elapsed).toBeLessThan(1500)
    expect(outcome).toMatchObject({ ok: false, timedOut: true })
  })

  it('retries a reset connection', async () => {
    server.script([{ reset: true }, { status: 204 }])
    server.received.length = 0
    const outcome = await remoteWrite({ url: server.url }).export(batch(1), context(3000))
    expect(outcome).toMatchObject({ ok: true, attempts: 2 })
  })

  it('retries a refused connection until the deadline and returns in time', async () => {
    const port = await refusedPort()
    const [outcome, elapsed] = await timed(remoteWrite({ url: `http://127.0.0.1:${port}/api/v1/write` }).export(batch(1), context(600)))
    expect(elapsed).toBeLessThan(1600)
    expect(outcome.ok).toBe(false)
    expect(outcome.attempts).toBeGreaterThan(1)
  })

  it('makes the backend whole with the next flush after a failed one', async () => {
    const adapter = remoteWrite({ url: server.url })
    server.script([{ status: 503 }])
    server.received.length = 0
    expect((await adapter.export(batch(2, T), context(300))).ok).toBe(false)
    server.script([{ status: 204 }])
    server.received.length = 0
    expect((await adapter.export(batch(7, T + 1000), context(3000))).ok).toBe(true)
    const series = decodeRemoteWriteBody(new Uint8Array(server.received[0]!.body))
    const counter = series.find((s) => labelOf(s, '__name__') === 'orders_total')!
    // Totals are cumulative, and nothing was stored before, so the zero sample comes again.
    expect(counter.samples).toEqual([{ value: 0, timestamp: String(T + 999) }, { value: 7, timestamp: String(T + 1000) }])
  })
})
