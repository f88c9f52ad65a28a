/** Human units for figures: ns → ns/µs/ms, bytes → B/KB/MB (KB = 1,024 bytes). */

export function formatValue(value, unit) {
  if (value === null || value === undefined) return 'n/a'
  if (unit === 'ns') {
    if (value < 10) return `${value.toFixed(2)} ns`
    if (value < 1000) return `${value.toFixed(value < 100 ? 1 : 0)} ns`
    if (value < 1e6) return `${(value / 1e3).toFixed(value < 1e4 ? 2 : 1)} µs`
    return `${(value / 1e6).toFixed(value < 1e7 ? 2 : 1)} ms`
  }
  if (unit === 'bytes') {
    if (Math.abs(value) < 1024) return `${Math.round(value)} B`
    if (Math.abs(value) < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`
    return `${(value / 1024 / 1024).toFixed(2)} MB`
  }
  if (unit === 'ms') return `${value.toFixed(value < 10 ? 2 : 1)} ms`
  return `${value} ${unit}`
}

/** "4.2× faster" / "1.3× slower" (or smaller/larger for sizes) of lastcall against another figure. */
export function describeRatio(ours, theirs, unit) {
  if (ours === null || theirs === null || ours === undefined || theirs === undefined) return ''
  const [better, worse] = unit === 'bytes' ? ['smaller', 'larger'] : ['faster', 'slower']
  if (ours <= 0) return better
  const r = theirs / ours
  if (r >= 1) return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}× ${better}`
  return `${(1 / r).toFixed(1)}× ${worse}`
}
