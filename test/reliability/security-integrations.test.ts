/**
 * What the integrations record about a request, by default and with the
 * allow-list. A request full of secrets (Authorization, Cookie, an API key
 * header, a token in the query string, a body; a response with Set-Cookie
 * and a body) goes through each integration; no secret may appear in any
 * span (attributes, events, links) or metric label. URLs on spans keep no
 * query string and no user info. `captureHeaders` turns on exactly the
 * headers it names, as `http.request.header.<name>`, and refuses
 * credential headers.
 */
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createTelemetry, OptionsError, type SpanData, type Telemetry } from '../../src/index.js'
import { instrument, tracedFetch } from '../../src/integrations/cloudflare/index.js'
import { telemetryMiddleware } from '../../src/integrations/hono/index.js'
import { wrapHandler } from '../../src/integrations/lambda/index.js'
import { instrumentFetchHandler } from '../../src/integrations/server/index.js'
import { memoryAdapter, type MemoryAdapter } from '../../src/testing/index.js'
import { FakeExecutionContext } from '../hono/helpers.js'
import { httpV2, restV1 } from '../lambda/events.js'
import { lambdaContext } from '../lambda/helpers.js'

const SECRETS = ['int-auth-secret', 'int-cookie-secret', 'int-api-key-secret', 'int-query-secret', 'int-body-secret', 'int-response-cookie', 'int-response-body-secret']
const REQUEST_HEADERS = {
  authorization: 'Bearer int-auth-secret', cookie: 'session=int-cookie-secret', 'x-api-key': 'int-api-key-secret',
  'user-agent': 'reliability-ua/1.0', 'x-request-id': 'rid-42',
}
const ALLOWED = ['User-Agent', 'x-request-id']

function setup(): { telemetry: Telemetry; memory: MemoryAdapter } {
  const memory = memoryAdapter()
  return { memory, telemetry: createTelemetry({ service: 'secure', adapters: [memory], env: {} }) }
}

/** Everything lastcall recorded: spans of flushed batches and every metric series. */
async function recorded(telemetry: Telemetry, memory: MemoryAdapter): Promise<{ spans: SpanData[]; text: string }> {
  await telemetry.flush()
  const spans = memory.spans()
  return { spans, text: JSON.stringify({ spans, metrics: telemetry.collect() }) }
}

function fetchRequest(): Request {
  return new Request('https://api.example/orders/42?token=int-query-secret&page=2', { method: 'POST', headers: REQUEST_HEADERS, body: 'int-body-secret' })
}

function fetchResponse(): Response {
  return new Response('int-response-body-secret', { status: 201, headers: { 'set-cookie': 'sid=int-response-cookie' } })
}

/** One request through each integration, with `captureHeaders` when given. */
const integrations: Record<string, (captureHeaders?: readonly string[]) => Promise<{ spans: SpanData[]; text: string }>> = {
  async 'lambda (HTTP API event)'(captureHeaders) {
    const { telemetry, memory } = setup()
    const event = { ...httpV2(REQUEST_HEADERS), rawQueryString: 'token=int-query-secret', queryStringParameters: { token: 'int-query-secret' }, cookies: ['session=int-cookie-secret'], body: 'int-body-secret' }
    await wrapHandler(telemetry, async () => ({ statusCode: 201, headers: { 'set-cookie': 'sid=int-response-cookie' }, body: 'int-response-body-secret' }), captureHeaders === undefined ? {} : { captureHeaders })(event, lambdaContext())
    return recorded(telemetry, memory)
  },
  async 'lambda (REST API event)'(captureHeaders) {
    const { telemetry, memory } = setup()
    const multi = Object.fromEntries(Object.entries(REQUEST_HEADERS).map(([k, v]) => [k, [v]]))
    const event = { ...restV1(REQUEST_HEADERS, multi), queryStringParameters: { token: 'int-query-secret' }, multiValueQueryStringParameters: { token: ['int-query-secret'] }, body: 'int-body-secret' }
    await wrapHandler(telemetry, async () => ({ statusCode: 201, body: 'int-response-body-secret' }), captureHeaders === undefined ? {} : { captureHeaders })(event, lambdaContext())
    return recorded(telemetry, memory)
  },
  async 'cloudflare instrument()'(captureHeaders) {
    const { telemetry, memory } = setup()
    const worker = instrument(telemetry, { fetch: async () => fetchResponse() }, captureHeaders === undefined ? {} : { captureHeaders })
    const ctx = new FakeExecutionContext()
    await worker.fetch!(fetchRequest(), {}, ctx)
    await ctx.drain()
    return recorded(telemetry, memory)
  },
  async 'hono telemetryMiddleware'(captureHeaders) {
    const { telemetry, memory } = setup()
    const app = new Hono()
    app.use(telemetryMiddleware(telemetry, captureHeaders === undefined ? {} : { captureHeaders }))
    app.post('/orders/:id', () => fetchResponse())
    await app.request(fetchRequest())
    return recorded(telemetry, memory)
  },
  async 'server instrumentFetchHandler'(captureHeaders) {
    const { telemetry, memory } = setup()
    const handler = instrumentFetchHandler(telemetry, async () => fetchResponse(), { route: () => '/orders/:id', ...(captureHeaders === undefined ? {} : { captureHeaders }) })
    await handler(fetchRequest())
    return recorded(telemetry, memory)
  },
}

describe.each(Object.entries(integrations))('%s', (_name, run) => {
  it('records no header, cookie, query string or body by default', async () => {
    const { spans, text } = await run()
    for (const secret of SECRETS) expect(text, `recorded ${secret}`).not.toContain(secret)
    expect(text).not.toContain('reliability-ua')
    expect(text).not.toContain('rid-42')
    for (const span of spans) {
      const keys = Object.keys(span.attributes)
      expect(keys.filter((k) => /^http\.(request|response)\.header\.|^user_agent\.|^url\.query$/.test(k))).toEqual([])
      for (const [key, value] of Object.entries(span.attributes)) if (key.startsWith('url.')) expect(String(value)).not.toMatch(/[?@]/)
    }
  })

  it('records exactly the allow-listed headers, as http.request.header.<name>, and still no secret', async () => {
    const { spans, text } = await run(ALLOWED)
    for (const secret of SECRETS) expect(text, `recorded ${secret}`).not.toContain(secret)
    const server = spans.find((s) => s.attributes['http.request.header.user-agent'] !== undefined)
    expect(server?.attributes).toMatchObject({ 'http.request.header.user-agent': ['reliability-ua/1.0'], 'http.request.header.x-request-id': ['rid-42'] })
    expect(Object.keys(server?.attributes ?? {}).filter((k) => k.startsWith('http.request.header.')).sort()).toEqual(['http.request.header.user-agent', 'http.request.header.x-request-id'])
  })

  it.each(['Authorization', 'cookie', 'Proxy-Authorization'])('refuses to capture %s', async (header) => {
    await expect(run([header])).rejects.toThrow(OptionsError)
    await expect(run([header])).rejects.toMatchObject({ rule: 'capture-headers-credentials' })
  })
})

describe('outbound fetch spans (tracedFetch)', () => {
  it('keep origin and path in url.full, never the query string or request headers', async () => {
    const { telemetry, memory } = setup()
    const traced = tracedFetch(telemetry, async () => fetchResponse())
    await telemetry.invoke({ name: 'job' }, () => traced('https://downstream.example/charge?api_key=int-query-secret', { headers: REQUEST_HEADERS, method: 'POST', body: 'int-body-secret' }))
    const { spans, text } = await recorded(telemetry, memory)
    expect(spans.find((s) => s.name === 'POST')?.attributes['url.full']).toBe('https://downstream.example/charge')
    for (const secret of SECRETS) expect(text).not.toContain(secret)
  })
})
