/** examples/shared/adapters-from-env.ts: the one place examples pick adapters from variables or Worker bindings. */
import { describe, expect, it } from 'vitest'
import { adaptersFromEnv, describeAdapterEnv } from '../../examples/shared/adapters-from-env.js'

const ALL = {
  LASTCALL_REMOTE_WRITE_URL: 'http://127.0.0.1:9090/api/v1/write',
  LASTCALL_PUSHGATEWAY_URL: 'http://127.0.0.1:9091',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  LASTCALL_CLOUDWATCH_NAMESPACE: 'Lastcall/Examples',
}

describe('adaptersFromEnv', () => {
  it('falls back to the console adapter when nothing is set, or only empty values are (serverless.yml passes \'\')', () => {
    expect(adaptersFromEnv({}).map((a) => a.name)).toEqual(['console'])
    expect(adaptersFromEnv(Object.fromEntries(Object.keys(ALL).map((k) => [k, ' ']))).map((a) => a.name)).toEqual(['console'])
    expect(describeAdapterEnv({})).toMatch(/^console/)
  })

  it('builds one adapter per variable set', () => {
    const adapters = adaptersFromEnv(ALL)
    expect(adapters.map((a) => a.name)).toEqual(['prometheus-remote-write', 'pushgateway', 'otlp', 'cloudwatch'])
    expect(adapters.find((a) => a.name === 'cloudwatch')?.temporality).toBe('delta')
    expect(describeAdapterEnv(ALL)).toBe(Object.keys(ALL).join(', '))
  })

  it('ignores bindings that are not strings (KV namespaces, service bindings)', () => {
    expect(adaptersFromEnv({ LASTCALL_REMOTE_WRITE_URL: { get() {} }, LASTCALL_PUSHGATEWAY_URL: 'http://127.0.0.1:9091' }).map((a) => a.name)).toEqual(['pushgateway'])
  })

  it('writes EMF lines where told', async () => {
    const lines: string[] = []
    const [adapter] = adaptersFromEnv({ LASTCALL_CLOUDWATCH_NAMESPACE: 'Lastcall/Examples' }, { emfWrite: (line) => lines.push(line) })
    const { createTelemetry } = await import('../../src/index.js')
    const telemetry = createTelemetry({ service: 'emf', adapters: [adapter!] })
    telemetry.counter({ name: 'jobs_total', help: 'jobs' }).inc()
    expect((await telemetry.flush()).ok).toBe(true)
    expect(JSON.parse(lines[0]!)._aws.CloudWatchMetrics[0].Namespace).toBe('Lastcall/Examples')
  })
})
