/**
 * Reads the files in deploy/ and lists every PromQL expression in them:
 * the rules' `expr`, each dashboard panel's targets, and the selectors of
 * the dashboard's variable queries.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import yaml from 'js-yaml'

export const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url))
export const PROMETHEUS_DIR = `${DEPLOY}prometheus/`
export const DASHBOARD_FILE = `${DEPLOY}grafana/lastcall-dashboard.json`

export interface Rule {
  readonly record?: string
  readonly alert?: string
  readonly expr: string
  readonly for?: string
  readonly labels?: Record<string, string>
  readonly annotations?: Record<string, string>
}

/** The rules of one rule file, flattened over its groups. */
export function loadRules(file: 'alerts.yml' | 'recording-rules.yml'): Rule[] {
  const doc = yaml.load(readFileSync(PROMETHEUS_DIR + file, 'utf8')) as { groups: Array<{ rules: Rule[] }> }
  return doc.groups.flatMap((group) => group.rules)
}

/** Parses any YAML file under deploy/prometheus. */
export function loadYaml<T>(file: string): T {
  return yaml.load(readFileSync(PROMETHEUS_DIR + file, 'utf8')) as T
}

export interface Target {
  readonly refId: string
  readonly expr: string
  readonly datasource?: { type?: string; uid?: string }
}

export interface Panel {
  readonly id: number
  readonly type: string
  readonly title: string
  readonly datasource?: { type?: string; uid?: string }
  readonly targets?: Target[]
  readonly panels?: Panel[]
}

export interface Variable {
  readonly name: string
  readonly type: string
  readonly query: string | { query: string }
  readonly datasource?: { type?: string; uid?: string }
}

export interface Dashboard {
  readonly schemaVersion: number
  readonly uid: string
  readonly panels: Panel[]
  readonly templating: { list: Variable[] }
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])])
}

/** One query of a panel, named for messages. */
export interface PanelQuery {
  readonly where: string
  readonly expr: string
}

export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  return allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((t) => ({ where: `panel ${panel.id} "${panel.title}" ${t.refId}`, expr: t.expr })))
}

/**
 * The series selector of a Grafana Prometheus variable query, e.g. the
 * `http_requests_total{job=~"$job"}` of `label_values(http_requests_total{job=~"$job"}, route)`.
 */
export function variableSelector(variable: Variable): string | undefined {
  const text = typeof variable.query === 'string' ? variable.query : variable.query.query
  const match = /^\s*label_values\(\s*(.+),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s.exec(text)
  if (match === null) throw new Error(`variable ${variable.name}: only label_values(selector, label) queries are checked, got ${text}`)
  return match[1]
}

/**
 * A dashboard expression as Prometheus would receive it: Grafana's range
 * variables become a duration and every other variable (they sit inside
 * label matcher strings) a match-all regex.
 */
export function substituteVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '.*')
}
