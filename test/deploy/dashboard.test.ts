/**
 * deploy/grafana/lastcall-dashboard.json: a dashboard Grafana can import
 * (datasource, job and route variables), whose every query is valid PromQL
 * (promtool parses each one as a recording rule) and reads only the
 * metrics lastcall emits or the recording rules record, and that covers
 * every metric lastcall emits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { allPanels, loadDashboard, loadRules, panelQueries, substituteVariables, variableSelector, type PanelQuery } from './deploy-files.js'
import { metricNames } from './promql-names.js'
import { promtool, runPromtool } from './promtool.js'
import { emittedFamilies, exposedNames } from './workload.js'

const dashboard = loadDashboard()
const queries = panelQueries(dashboard)
const recording = loadRules('recording-rules.yml')
const recorded = new Map(recording.map((r) => [r.record as string, r.expr]))

describe('dashboard structure', () => {
  it('is a current Grafana dashboard with a Prometheus datasource variable', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36)
    expect(dashboard.uid).toBe('lastcall-overview')
    const datasource = dashboard.templating.list.find((v) => v.type === 'datasource')
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus' })
  })

  it('has job and route variables, route depending on job', () => {
    const names = dashboard.templating.list.map((v) => v.name)
    expect(names).toEqual(expect.arrayContaining(['job', 'route']))
    const route = dashboard.templating.list.find((v) => v.name === 'route')
    expect(route && variableSelector(route)).toContain('job=~"$job"')
  })

  it('every panel queries through the datasource variable, with unique ids', () => {
    const panels = allPanels(dashboard)
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length)
    for (const panel of panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid, panel.title).toBe('${datasource}')
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0)
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, panel.title).toBe('${datasource}')
    }
  })

  it('every query is filtered by the job variable', () => {
    for (const { where, expr } of queries) expect(expr, where).toContain('job=~"$job"')
  })
})

describe('metric names in the dashboard', () => {
  let emitted: Set<string>
  beforeAll(async () => {
    emitted = exposedNames(await emittedFamilies())
  })

  const selectors: PanelQuery[] = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => ({ where: `variable ${v.name}`, expr: variableSelector(v) ?? '' }))

  it('every panel query and variable reads only emitted or recorded names', () => {
    for (const { where, expr } of [...queries, ...selectors]) {
      const names = metricNames(expr)
      expect(names.length, where).toBeGreaterThan(0)
      for (const name of names) expect(emitted.has(name) || recorded.has(name), `${where} reads ${name}`).toBe(true)
    }
  })

  it('covers every metric family lastcall emits (through the recording rules where it reads them)', () => {
    const read = new Set<string>()
    for (const { expr } of queries) {
      for (const name of metricNames(expr)) {
        read.add(name)
        const source = recorded.get(name)
        if (source !== undefined) for (const inner of metricNames(source)) read.add(inner)
      }
    }
    const families = [...emitted].map((name) => name.replace(/_(bucket|sum|count)$/, '')).filter((name) => !emitted.has(name))
    const missing = [...new Set(families)].filter((family) => ![...read].some((name) => name === family || name.startsWith(`${family}_`)))
    const plain = [...emitted].filter((name) => !/_(bucket|sum|count)$/.test(name) && !read.has(name))
    expect([...missing, ...plain]).toEqual([])
  })

  it('uses the recorded series for the expensive queries', () => {
    const expensive = ['http_requests_total', 'http_request_duration_seconds_bucket', 'faas_invocations_total', 'faas_invocation_duration_seconds_bucket']
    const raw = queries.filter(({ expr }) => metricNames(expr).some((name) => expensive.includes(name)))
    expect(raw.map((q) => q.where)).toEqual([])
  })
})

describe.skipIf(!promtool.run)('dashboard queries are valid PromQL', () => {
  it('promtool parses every panel query, variables substituted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-dashboard-'))
    try {
      // Recording rules are the offline way to have promtool parse an expression; the names say which panel failed.
      const rules = queries.map(({ expr }, i) => `      - record: dashboard:query_${i}:check\n        expr: ${JSON.stringify(substituteVariables(expr))}\n`)
      writeFileSync(join(dir, 'dashboard-queries.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules.join('')}`)
      const { code, output } = await runPromtool(['check', 'rules', 'dashboard-queries.yml'], dir)
      const failing = [...output.matchAll(/query_(\d+)/g)].map((m) => queries[Number(m[1])]?.where)
      expect(code, `${output}\n${failing.join('\n')}`).toBe(0)
      expect(output).toContain(`SUCCESS: ${queries.length} rules found`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
