/**
 * The ratio chart, written by hand: one horizontal bar per figure on a log
 * scale centred on 1× (right: lastcall faster or smaller than the best peer),
 * with a grey heading row before each section.
 */
import { describeRatio } from './format.mjs'

const ROW = 24
const LABEL_W = 370
const PLOT_W = 420
const TEXT_W = 300
const PAD = 16

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** rows: { heading } or { label, ratio (best peer ÷ lastcall), peer, unit, targetRatio? (the lead a target asks for) } */
export function ratiosSvg(rows) {
  const bars = rows.filter((r) => r.heading === undefined)
  const logs = bars.flatMap((r) => [Math.log10(r.ratio), r.targetRatio ? Math.log10(r.targetRatio) : 0])
  const lo = Math.min(-1, Math.floor(Math.min(0, ...logs)))
  const hi = Math.max(1, Math.ceil(Math.max(0, ...logs)))
  const x = (ratio) => Math.round((LABEL_W + ((Math.log10(ratio) - lo) / (hi - lo)) * PLOT_W) * 10) / 10
  const top = 40
  const bottom = top + rows.length * ROW
  const height = bottom + 40
  const width = LABEL_W + PLOT_W + TEXT_W
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${PAD}" y="22" font-size="14" font-weight="bold">lastcall against the best peer measured in the same run (log scale; right is better)</text>`,
  ]
  for (let p = lo; p <= hi; p++) {
    const gx = x(10 ** p)
    parts.push(`<line x1="${gx}" y1="${top - 6}" x2="${gx}" y2="${bottom}" stroke="${p === 0 ? '#333' : '#ddd'}"/>`)
    parts.push(`<text x="${gx}" y="${bottom + 16}" text-anchor="middle" fill="#555">${10 ** p >= 1 ? 10 ** p : (10 ** p).toFixed(-p)}×</text>`)
  }
  rows.forEach((r, i) => {
    const y = top + i * ROW
    if (r.heading !== undefined) {
      parts.push(`<text x="${PAD}" y="${y + 16}" fill="#777" font-weight="bold">${escape(r.heading)}</text>`)
      return
    }
    const x0 = x(1)
    const x1 = x(r.ratio)
    parts.push(`<text x="${LABEL_W - 8}" y="${y + 16}" text-anchor="end">${escape(r.label)}</text>`)
    parts.push(`<rect x="${Math.min(x0, x1)}" y="${y + 5}" width="${Math.max(1, Math.round(Math.abs(x1 - x0) * 10) / 10)}" height="${ROW - 10}" fill="${r.ratio >= 1 ? '#2e8b57' : '#c0392b'}"/>`)
    if (r.targetRatio) parts.push(`<line x1="${x(r.targetRatio)}" y1="${y + 2}" x2="${x(r.targetRatio)}" y2="${y + ROW - 2}" stroke="#000" stroke-width="2"><title>lead the target asks for</title></line>`)
    parts.push(`<text x="${LABEL_W + PLOT_W + 8}" y="${y + 16}" fill="#333">${escape(`${describeRatio(1, r.ratio, r.unit)} than ${r.peer}`)}</text>`)
  })
  parts.push(`<text x="${PAD}" y="${height - 8}" fill="#555">Bars: best peer ÷ lastcall. Black tick: the lead a target of issue 7 asks for (the issue's peer figure ÷ the target).</text>`)
  parts.push('</svg>')
  return parts.join('\n') + '\n'
}
