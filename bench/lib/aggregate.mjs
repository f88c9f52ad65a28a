/** Folds the runs of one group into medians, keeping every run's value. */
import { SLOW } from './host-check.mjs'

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** `runs` are the parsed outputs of one group's processes, in order. */
export function aggregateGroup(runs, loads) {
  const byKey = new Map()
  for (const run of runs) {
    for (const figure of run.figures ?? []) {
      const key = `${figure.id}\u0000${figure.lib}`
      const entry = byKey.get(key) ?? { id: figure.id, lib: figure.lib, unit: figure.unit, values: [], slow: [], notes: new Set(), detail: figure.detail }
      entry.values.push(figure.value)
      entry.slow.push(figure.detail?.slowdown > SLOW)
      if (figure.note) entry.notes.add(figure.note)
      byKey.set(key, entry)
    }
  }
  const figures = [...byKey.values()].map((e) => ({
    id: e.id,
    lib: e.lib,
    unit: e.unit,
    value: median(e.values),
    runs: e.values.map((v) => (v === null ? null : round(v))),
    ...(e.slow.some(Boolean) ? { slowRuns: e.slow } : {}),
    ...(e.notes.size > 0 ? { note: [...e.notes].join('; ') } : {}),
    ...(e.detail?.extra ? { extra: e.detail.extra } : {}),
  }))
  const errors = runs.map((r) => r.error).filter(Boolean)
  return { runs: runs.length, load: loads, ...(errors.length > 0 ? { errors } : {}), ...hostChecks(runs), figures }
}

/** Three significant digits are more than these figures can claim. */
export function round(value) {
  if (value === 0 || !Number.isFinite(value)) return value
  const digits = Math.max(0, 3 - Math.ceil(Math.log10(Math.abs(value))))
  return Number(value.toFixed(Math.min(digits, 6)))
}

/** How many timed measurements the host check repeated, and how many stayed slow after every retry (bench/lib/measure.ts). */
function hostChecks(runs) {
  const checked = runs.flatMap((r) => r.figures ?? []).filter((f) => f.detail?.tries !== undefined)
  if (checked.length === 0) return {}
  return {
    checks: {
      measurements: checked.length,
      repeated: checked.filter((f) => f.detail.tries > 1).length,
      stillSlow: checked.filter((f) => f.detail.slowdown > SLOW).length,
    },
  }
}
