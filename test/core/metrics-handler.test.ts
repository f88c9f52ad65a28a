import { describe, expect, it } from 'vitest'
import { createTelemetry, metricsHandler } from '../../src/index.js'
import { consoleAdapter } from '../../adapters/console/index.js'

describe('metricsHandler', () => {
  it('serves the text exposition format for GET and refuses other methods', async () => {
    const t = createTelemetry({ service: 'scrape', adapters: [] })
    t.counter({ name: 'hits_total', help: 'Hits', labelNames: ['path'] }).inc({ path: '/a' }, 3)
    const handle = metricsHandler(t)
    const response = handle(new Request('http://x/metrics'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const body = await response.text()
    expect(body).toContain('# TYPE hits_total counter\nhits_total{path="/a"} 3\n')
    expect(handle(new Request('http://x/metrics', { method: 'POST' })).status).toBe(405)
  })
})

describe('consoleAdapter', () => {
  it('prints a readable summary with metrics and a span tree', async () => {
    const lines: string[] = []
    const t = createTelemetry({ service: 'demo', adapters: [consoleAdapter({ write: (l) => lines.push(l) })] })
    t.counter({ name: 'jobs_total', help: 'Jobs' }).inc()
    t.histogram({ name: 'job_seconds', help: 'h', buckets: [0.1, 1] }).observe(0.05)
    await t.invoke({ name: 'job' }, () => t.tracer.startSpan('step').end())
    await t.flush()
    const text = lines.join('\n')
    expect(text).toContain('[console] demo')
    expect(text).toContain('jobs_total 1')
    expect(text).toMatch(/job_seconds count=1 sum=0\.05 p50≈/)
    expect(text).toMatch(/job \[server\][^\n]*\n\s+step \[internal\]/)
  })

  it('prints one JSON line per flush in json format', async () => {
    const lines: string[] = []
    const t = createTelemetry({ service: 'demo', adapters: [consoleAdapter({ format: 'json', write: (l) => lines.push(l) })] })
    t.gauge({ name: 'g', help: 'h' }).set(2)
    await t.flush()
    const parsed = JSON.parse(lines[0] as string)
    expect(parsed.metrics[0]).toMatchObject({ name: 'g', kind: 'gauge', points: [{ value: 2 }] })
    expect(parsed.resource['service.name']).toBe('demo')
  })
})
