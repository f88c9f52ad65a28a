/**
 * deploy/prometheus: promtool accepts the rules and the config, the alert
 * unit tests pass (each alert fires on bad input and stays quiet on
 * healthy input), every alert carries what an on-call engineer needs, and
 * every expression reads only metrics lastcall emits or the rules record.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadRules, loadYaml, PROMETHEUS_DIR, type Rule } from './deploy-files.js'
import { metricNames } from './promql-names.js'
import { promtool, runPromtool } from './promtool.js'
import { emittedFamilies, exposedNames, SELF_METRIC_NAMES } from './workload.js'

const SEVERITIES = ['critical', 'warning', 'info']

describe.skipIf(!promtool.run)('promtool on deploy/prometheus', () => {
  it('check rules accepts the alerts and the recording rules', async () => {
    const { code, output } = await runPromtool(['check', 'rules', 'recording-rules.yml', 'alerts.yml'], PROMETHEUS_DIR)
    expect(output).toMatch(/SUCCESS: 5 rules found[\s\S]*SUCCESS: 7 rules found/)
    expect(code, output).toBe(0)
  })

  it('check config accepts prometheus.yml and the rule files it loads', async () => {
    const { code, output } = await runPromtool(['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR)
    expect(output).toContain('SUCCESS: 2 rule files found')
    expect(code, output).toBe(0)
  })

  it('test rules: every alert fires where it should and nowhere else', async () => {
    const { code, output } = await runPromtool(['test', 'rules', 'alerts.test.yml'], PROMETHEUS_DIR)
    expect(code, output).toBe(0)
    expect(output).toContain('SUCCESS')
  })

  it('check rules does fail on a broken expression (the checks above can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-rules-'))
    try {
      writeFileSync(join(dir, 'broken.yml'), 'groups:\n  - name: g\n    rules:\n      - record: a:b:rate5m\n        expr: sum by (job (rate(x_total[5m]))\n')
      const { code } = await runPromtool(['check', 'rules', 'broken.yml'], dir)
      expect(code).not.toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('alerts.yml', () => {
  const alerts = loadRules('alerts.yml')

  it('has the recommended alerts', () => {
    expect(alerts.map((a) => a.alert)).toEqual([
      'LastcallHighHttpErrorRatio', 'LastcallHighInvocationErrorRatio', 'LastcallHighLatencyP99',
      'LastcallFlushFailing', 'LastcallDroppedSpans', 'LastcallSeriesOverflow', 'LastcallColdStartSurge',
    ])
  })

  it.each(alerts.map((a) => [a.alert, a] as const))('%s has for, a severity and an actionable summary and description', (_name, alert: Rule) => {
    expect(alert.for).toMatch(/^\d+[smh]$/)
    expect(SEVERITIES).toContain(alert.labels?.['severity'])
    expect(alert.annotations?.['summary']).toMatch(/\{\{ \$labels\.job \}\}/)
    // A description that only restates the summary does not help at 3 a.m.: it must say what to do.
    expect((alert.annotations?.['description'] ?? '').length).toBeGreaterThan(150)
  })

  it('every alert has a case in alerts.test.yml where it fires and one where it stays quiet', () => {
    interface AlertCase { alertname: string; exp_alerts?: unknown[] }
    const doc = loadYaml<{ tests: Array<{ alert_rule_test?: AlertCase[] }> }>('alerts.test.yml')
    const cases = doc.tests.flatMap((t) => t.alert_rule_test ?? [])
    for (const { alert } of alerts) {
      const mine = cases.filter((c) => c.alertname === alert)
      expect(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${alert} fires somewhere`).toBe(true)
      expect(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${alert} stays quiet somewhere`).toBe(true)
    }
  })
})

describe('metric names in the rules', () => {
  let emitted: Set<string>
  const recording = loadRules('recording-rules.yml')
  const recorded = new Set(recording.map((r) => r.record as string))

  beforeAll(async () => {
    const families = await emittedFamilies()
    expect(families.map((f) => f.name)).toEqual(expect.arrayContaining([...SELF_METRIC_NAMES]))
    emitted = exposedNames(families)
  })

  it('recording rules read only what lastcall emits, and record level:metric:operation names', () => {
    for (const rule of recording) {
      expect(rule.record).toMatch(/^[a-z_]+:[a-z_]+:[a-z0-9_]+$/)
      for (const name of metricNames(rule.expr)) expect(emitted, `${rule.record} reads ${name}`).toContain(name)
    }
  })

  it('alerts read only what lastcall emits and what the recording rules record', () => {
    for (const alert of loadRules('alerts.yml')) {
      const names = metricNames(alert.expr)
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) expect(emitted.has(name) || recorded.has(name), `${alert.alert} reads ${name}`).toBe(true)
    }
  })
})
