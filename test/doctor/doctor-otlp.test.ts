/**
 * `lastcall doctor` against a loopback OTLP/HTTP receiver: a good base
 * URL, the classic wrong paths, per-signal endpoints used as given,
 * rejected credentials (never printed, even when the server echoes them),
 * a refused port and a receiver that never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/server-process.js'
import { otlpCollector, requireAuthorization, startReceiver, type LoopbackReceiver } from './loopback-receiver.js'
import { runDoctor } from './run-doctor.js'

describe('lastcall doctor: OTLP', () => {
  let collector: LoopbackReceiver
  beforeAll(async () => {
    collector = await startReceiver(otlpCollector)
  })
  afterAll(async () => {
    await collector?.close()
  })

  it('passes with the base URL: metrics and a span accepted, exit 0', async () => {
    const run = await runDoctor(['doctor', '--otlp', collector.url])
    expect(run.stdout).toContain('otlp: ok')
    expect(run.stdout).toMatch(new RegExp(`POST ${collector.url}/v1/metrics -> HTTP 200 in \\d+ ms`))
    expect(run.stdout).toMatch(new RegExp(`POST ${collector.url}/v1/traces -> HTTP 200 in \\d+ ms`))
    expect(run.stdout).toContain('accepted  1 metric point and 1 span')
    expect(run.stdout).toContain('all 1 backend ok')
    expect(run.code).toBe(0)
  })

  it('reads OTEL_EXPORTER_OTLP_ENDPOINT as the function does', async () => {
    const run = await runDoctor(['doctor'], { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url })
    expect(run.stdout).toContain(`config    OTEL_EXPORTER_OTLP_ENDPOINT=${collector.url}`)
    expect(run.code).toBe(0)
  })

  it('explains an endpoint that already ends in /v1/metrics', async () => {
    const run = await runDoctor(['doctor'], { OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/v1/metrics` })
    expect(run.stdout).toContain('otlp: FAILED')
    expect(run.stdout).toContain(`${collector.url}/v1/metrics/v1/metrics -> HTTP 404`)
    expect(run.stdout).toMatch(/fix +the endpoint already ends in \/v1\/…: OTEL_EXPORTER_OTLP_ENDPOINT and --otlp are base URLs/)
    expect(run.code).toBe(1)
  })

  it('explains any other 404 as a wrong path', async () => {
    const run = await runDoctor(['doctor', '--otlp', `${collector.url}/otlp`])
    expect(run.stdout).toMatch(/fix +wrong path: OTEL_EXPORTER_OTLP_ENDPOINT and --otlp take the base URL/)
    expect(run.code).toBe(1)
  })

  it('uses per-signal endpoints as given', async () => {
    const run = await runDoctor(['doctor'], {
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${collector.url}/v1/metrics`,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
    })
    expect(run.stdout).toContain(`POST ${collector.url}/v1/metrics -> HTTP 200`)
    expect(run.code).toBe(0)
  })

  it('prints JSON with --json', async () => {
    const run = await runDoctor(['doctor', '--otlp', collector.url, '--json'])
    const parsed = JSON.parse(run.stdout) as { ok: boolean; backends: Array<Record<string, unknown>> }
    expect(parsed.ok).toBe(true)
    expect(parsed.backends[0]).toMatchObject({ backend: 'otlp', ok: true, reachable: true, status: 200, fixes: [] })
    expect(run.code).toBe(0)
  })
})

describe('lastcall doctor: credentials and connection failures', () => {
  const token = 'tok-9f8e7d6c5b4a'
  let guarded: LoopbackReceiver
  beforeAll(async () => {
    guarded = await startReceiver(requireAuthorization('Bearer the-right-one'))
  })
  afterAll(async () => {
    await guarded?.close()
  })

  it('a rejected OTLP header: auth hint, header named, value never printed (not even when echoed)', async () => {
    for (const json of [false, true]) {
      const run = await runDoctor(['doctor', '--otlp', guarded.url, ...(json ? ['--json'] : [])], { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${token}` })
      expect(guarded.received.at(-1)?.headers['authorization']).toBe(`Bearer ${token}`)
      expect(run.all).toContain('401')
      expect(run.all).toContain('headers authorization from OTEL_EXPORTER_OTLP_*HEADERS were sent and rejected')
      expect(run.all).not.toContain(token)
      expect(run.code).toBe(1)
    }
  })

  it('rejected basic auth for remote-write: the password and its base64 never appear', async () => {
    const password = 'pa55-w0rd-secret'
    const run = await runDoctor(['doctor', '--remote-write', `${guarded.url}/api/v1/write`], { LASTCALL_REMOTE_WRITE_USERNAME: 'alice', LASTCALL_REMOTE_WRITE_PASSWORD: password })
    expect(guarded.received.at(-1)?.headers['authorization']).toBe(`Basic ${btoa(`alice:${password}`)}`)
    expect(run.stdout).toContain('remote-write: FAILED')
    expect(run.stdout).toContain('basic auth as alice from LASTCALL_REMOTE_WRITE_USERNAME/_PASSWORD was rejected')
    expect(run.all).not.toContain(password)
    expect(run.all).not.toContain(btoa(`alice:${password}`))
    expect(run.code).toBe(1)
  })

  it('a 401 without credentials says which variables to set', async () => {
    const run = await runDoctor(['doctor', '--pushgateway', guarded.url])
    expect(run.stdout).toContain('set LASTCALL_PUSHGATEWAY_BEARER_TOKEN, or LASTCALL_PUSHGATEWAY_USERNAME and LASTCALL_PUSHGATEWAY_PASSWORD')
    expect(run.code).toBe(1)
  })

  it('a refused port: unreachable, wrong host or port, exit 1', async () => {
    const port = await freePort()
    const run = await runDoctor(['doctor', '--remote-write', `http://127.0.0.1:${port}/api/v1/write`])
    expect(run.stdout).toContain('reachable no (ECONNREFUSED')
    expect(run.stdout).toContain(`nothing accepts connections at 127.0.0.1:${port}: the host or port is wrong`)
    expect(run.code).toBe(1)
  })

  it('a receiver that never answers: timed out within --timeout', async () => {
    const silent = await startReceiver(() => undefined)
    try {
      const started = Date.now()
      const run = await runDoctor(['doctor', '--otlp', silent.url, '--timeout', '400'])
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(run.stdout).toContain('timed out')
      expect(run.stdout).toContain('no answer within 400 ms')
      expect(run.code).toBe(1)
    } finally {
      await silent.close()
    }
  })
})

describe('lastcall doctor: usage', () => {
  it('nothing configured: says how to configure, exit 2', async () => {
    const run = await runDoctor(['doctor'])
    expect(run.stderr).toContain('no backend is configured')
    expect(run.stderr).toContain('LASTCALL_REMOTE_WRITE_URL')
    expect(run.code).toBe(2)
  })

  it('bad arguments: the problem and the usage, exit 2', async () => {
    const run = await runDoctor(['doctor', '--timeout', 'soon'])
    expect(run.stderr).toContain('--timeout must be a whole number of milliseconds')
    expect(run.code).toBe(2)
    expect((await runDoctor(['doctor', '--frobnicate'])).code).toBe(2)
  })

  it('--help prints the usage, exit 0', async () => {
    const run = await runDoctor(['--help'])
    expect(run.stdout).toContain('Usage: lastcall doctor')
    expect(run.code).toBe(0)
  })
})
