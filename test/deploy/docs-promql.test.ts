/**
 * The example PromQL of docs/backends.md: every `promql` block parses
 * (promtool) and reads only what lastcall emits or the rules record, so
 * the examples cannot drift from the metric names.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadRules } from './deploy-files.js'
import { metricNames } from './promql-names.js'
import { promtool, runPromtool } from './promtool.js'
import { emittedFamilies, exposedNames } from './workload.js'

const doc = readFileSync(new URL('../../docs/backends.md', import.meta.url), 'utf8')
// One expression per paragraph of a ```promql block.
const examples = [...doc.matchAll(/```promql\n([\s\S]*?)```/g)].flatMap((m) => (m[1] ?? '').split(/\n\s*\n/)).map((e) => e.trim()).filter((e) => e !== '')

describe('docs/backends.md PromQL examples', () => {
  let allowed: Set<string>
  beforeAll(async () => {
    allowed = new Set([...exposedNames(await emittedFamilies()), ...loadRules('recording-rules.yml').map((r) => r.record as string)])
  })

  it('answer the questions users ask: rate, error ratio, percentiles, cold start ratio', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8)
    const text = examples.join('\n')
    for (const part of ['rate(http_requests_total', 'status=~"5.."', 'histogram_quantile(0.99', 'faas_coldstarts_total']) expect(text).toContain(part)
  })

  it('read only what lastcall emits or records', () => {
    for (const expr of examples) for (const name of metricNames(expr)) expect(allowed, `${name} in ${expr}`).toContain(name)
  })

  it.skipIf(!promtool.run)('are valid PromQL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastcall-docs-'))
    try {
      const rules = examples.map((expr, i) => `      - record: docs:example_${i}:check\n        expr: ${JSON.stringify(expr)}\n`)
      writeFileSync(join(dir, 'docs.yml'), `groups:\n  - name: docs\n    rules:\n${rules.join('')}`)
      const { code, output } = await runPromtool(['check', 'rules', 'docs.yml'], dir)
      expect(code, output).toBe(0)
      expect(output).toContain(`SUCCESS: ${examples.length} rules found`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
