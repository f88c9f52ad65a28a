/**
 * Credentials never leave through lastcall's own output. Every adapter is
 * configured with secrets (bearer token, basic auth, custom and
 * OTEL_EXPORTER_OTLP_HEADERS headers, AWS keys and session token) and sent
 * to a server that echoes the request's headers back in its 4xx and 5xx
 * bodies (and in an OTLP partial success). Neither the flush report nor
 * anything the diagnostics logger receives may contain a secret, and the
 * echoed ones appear as [redacted]. Options errors never quote secrets either.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { otlp } from '../../adapters/otlp/index.js'
import { remoteWrite } from '../../adapters/prometheus-remote-write/index.js'
import { pushgateway } from '../../adapters/pushgateway/index.js'
import { createTelemetry, type Adapter, type DiagnosticLogger } from '../../src/index.js'
import { refusedPort, startScriptedServer, type ReceivedRequest, type ScriptedServer, type StatusReply } from '../support/scripted-server.js'

const TOKEN = 'tok-4f8a9c2e-bearer-secret'
const USER = 'metrics-writer'
const PASSWORD = 'pw-77c1d3-basic-secret'
const API_KEY = 'key-0b9e61-otlp-secret'
const ENV_TOKEN = 'env-5d2a77-otlp-header-secret'
const ENV_PASSWORD = 'env-9911ab-url-password'
const AWS = { accessKeyId: 'AKIAEXAMPLESECRET42', secretAccessKey: 'wJalr-aws-secret-access-key', sessionToken: 'IQoJb3JpZ2luX2VjE-session-token' }
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')

/** Every form a secret could leak in. */
const SECRETS = [TOKEN, PASSWORD, `${USER}:${PASSWORD}`, BASIC, API_KEY, ENV_TOKEN, ENV_PASSWORD, AWS.accessKeyId, AWS.secretAccessKey, AWS.sessionToken]

const echoHeaders = (request: ReceivedRequest) => JSON.stringify(request.headers)
/** Just the credential-bearing headers, so the echo survives the 256-character cut of messages. */
const echoCredentials = (request: ReceivedRequest) =>
  JSON.stringify({ authorization: request.headers['authorization'], token: request.headers['x-amz-security-token'], key: request.headers['x-api-key'] })
/** Replies whose text never reaches a message at all: nothing to show as [redacted]. */
const UNQUOTED = new Set(['400 with a body that is not JSON'])
const echoes: Record<string, StatusReply> = {
  '401 echoing the headers': { status: 401, body: echoHeaders },
  '503 echoing the headers': { status: 503, body: (r) => `upstream said: ${echoHeaders(r)}` },
}

/** A logger that keeps everything it gets, fields included, as text. */
function recordingLogger(): DiagnosticLogger & { text(): string } {
  const lines: string[] = []
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`)
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), text: () => lines.join('\n') }
}

interface Case {
  readonly name: string
  readonly adapter: (url: string) => Adapter
  readonly env?: (url: string) => Record<string, string>
  readonly replies: Record<string, StatusReply>
}

const httpCases: Case[] = [
  { name: 'remote-write, bearer token', adapter: (url) => remoteWrite({ url: `${url}/api/v1/write`, bearerToken: TOKEN }), replies: echoes },
  { name: 'remote-write, basic auth', adapter: (url) => remoteWrite({ url: `${url}/api/v1/write`, basicAuth: { username: USER, password: PASSWORD } }), replies: echoes },
  { name: 'Pushgateway, bearer token', adapter: (url) => pushgateway({ url, bearerToken: TOKEN }), replies: echoes },
  { name: 'Pushgateway, basic auth', adapter: (url) => pushgateway({ url, basicAuth: { username: USER, password: PASSWORD } }), replies: echoes },
  {
    name: 'OTLP protobuf, headers option', adapter: (url) => otlp({ endpoint: url, headers: { 'x-api-key': API_KEY } }),
    replies: { ...echoes, 'partial success quoting the headers': { status: 200, headers: { 'content-type': 'application/json' }, body: (r) => JSON.stringify({ partialSuccess: { rejectedDataPoints: '1', errorMessage: `rejected for ${echoHeaders(r)}` } }) } },
  },
  {
    name: 'OTLP JSON, OTEL_EXPORTER_OTLP_HEADERS', adapter: () => otlp({ encoding: 'json' }),
    env: (url) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${ENV_TOKEN},x-broken: ${ENV_TOKEN}` }),
    replies: echoes,
  },
]

const cloudwatchReplies: Record<string, StatusReply> = {
  '403 AccessDenied quoting the headers': { status: 403, body: (r) => JSON.stringify({ __type: 'AccessDeniedException', message: `denied: ${echoCredentials(r)}` }) },
  // The SDK quotes the start of a body it cannot parse as JSON.
  '400 with a body that is not JSON': { status: 400, body: (r) => `${String(r.headers['x-amz-security-token'])} ${String(r.headers['authorization'])}` },
  '500 InternalServiceFault quoting the headers': { status: 500, body: (r) => JSON.stringify({ __type: 'InternalServiceFault', message: echoCredentials(r) }) },
}
const cloudwatchCase: Case = {
  name: 'CloudWatch PutMetricData, static keys and session token',
  adapter: (url) => cloudwatch({ mode: 'api', namespace: 'Secure', region: 'us-east-1', clientConfig: { endpoint: url, credentials: AWS } }),
  replies: cloudwatchReplies,
}

let server: ScriptedServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function flushAgainst(kase: Case, reply: StatusReply): Promise<{ output: string; echoed: boolean }> {
  server = await startScriptedServer([reply])
  const logger = recordingLogger()
  const telemetry = createTelemetry({
    service: 'secure', adapters: [kase.adapter(server.url)], flushTimeoutMs: 600, logger,
    env: kase.env?.(server.url) ?? {}, retryPolicy: { initialDelayMs: 10, maxDelayMs: 50, multiplier: 2, maxAttempts: 3 },
  })
  telemetry.counter({ name: 'jobs_total' }).inc()
  await telemetry.invoke({ name: 'job', flush: false }, () => undefined)
  const report = JSON.stringify(await telemetry.flush())
  return { output: `${report}\n${logger.text()}`, echoed: server.received.length > 0 }
}

describe.each([...httpCases, cloudwatchCase])('$name', (kase) => {
  it.each(Object.keys(kase.replies))('%s: no secret in the report or the diagnostics, the echo shows [redacted]', async (replyName) => {
    const { output, echoed } = await flushAgainst(kase, kase.replies[replyName] as StatusReply)
    expect(echoed).toBe(true)
    for (const secret of SECRETS) expect(output, `leaked ${secret}`).not.toContain(secret)
    if (!UNQUOTED.has(replyName)) expect(output).toContain('[redacted]')
  })
})

describe('secrets the transport itself could quote', () => {
  it('an OTLP endpoint variable with user info is refused with a warning that does not quote it', async () => {
    const port = await refusedPort()
    const logger = recordingLogger()
    const telemetry = createTelemetry({
      service: 'secure', adapters: [otlp({ signals: 'metrics' })], flushTimeoutMs: 300, logger,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://${USER}:${ENV_PASSWORD}@127.0.0.1:${port}` },
    })
    telemetry.counter({ name: 'jobs_total' }).inc()
    const report = JSON.stringify(await telemetry.flush())
    expect(logger.text()).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT must not contain credentials/)
    for (const text of [report, logger.text()]) {
      expect(text).not.toContain(ENV_PASSWORD)
      expect(text).not.toContain(`${USER}:`)
    }
  })

  it.each([
    ['remoteWrite: a token with a line break', () => remoteWrite({ url: 'http://rw.test/api/v1/write', bearerToken: `${TOKEN}\nX-Injected: 1` })],
    ['remoteWrite: a URL with user info', () => remoteWrite({ url: `http://${USER}:${PASSWORD}@rw.test/api/v1/write` })],
    ['pushgateway: a header value with a line break', () => pushgateway({ url: 'http://pgw.test', headers: { 'x-api-key': `${API_KEY}\r\n` } })],
    ['otlp: an endpoint with user info', () => otlp({ endpoint: `http://${USER}:${PASSWORD}@otlp.test` })],
    ['otlp: a header value with a line break', () => otlp({ headers: { authorization: `Bearer ${TOKEN}\n` } })],
  ])('options errors do not quote the secret: %s', (_case, make) => {
    let message = ''
    try {
      make()
    } catch (error) {
      message = `${String(error)} ${JSON.stringify(error)}`
    }
    expect(message).not.toBe('')
    for (const secret of SECRETS) expect(message).not.toContain(secret)
  })
})
