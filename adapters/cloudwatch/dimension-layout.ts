/**
 * Which dimension sets a series gets, decided once per combination of label
 * names (series of one metric nearly always share them), with the checks that
 * depend only on the names: valid dimension names, at most 30 per set.
 */
import { DropReasons, type DropReason } from './drops.js'
import { CloudWatchLimits, dimensionNameProblem } from './rules.js'

/** Configured dimension sets; undefined means all labels as one set. */
export type Configured = readonly (readonly string[])[] | undefined

/** The dimension sets for one combination of label names, checked once. */
export interface Layout {
  readonly sets: string[][]
  /** Every name used by any set, in first-use order. */
  readonly names: string[]
  readonly key: string
  readonly problem: DropReason | undefined
}

// Combinations of label names come from instrument definitions, so a cache this size is never
// full in practice; past it, layouts are still computed, just not kept.
const MAX_LAYOUTS = 1024

const keptLayouts = new WeakMap<object, Map<string, Layout>>()
const unconfiguredLayouts = new Map<string, Layout>()

/**
 * The layouts decided so far for `configured` (an adapter's resolved sets,
 * which live as long as it), kept across flushes: a layout depends only on
 * the configured sets and the label names.
 * @example layoutFor({ route: '/a' }, undefined, layoutsFor(undefined))
 */
export function layoutsFor(configured: Configured): Map<string, Layout> {
  if (configured === undefined) return unconfiguredLayouts
  let layouts = keptLayouts.get(configured)
  if (layouts === undefined) keptLayouts.set(configured, (layouts = new Map()))
  return layouts
}

/**
 * The layout for a series' labels, from `layouts` when already decided.
 * @example layoutFor({ route: '/a' }, undefined, new Map()).sets // [['route']]
 */
export function layoutFor(labels: Readonly<Record<string, string>>, configured: Configured, layouts: Map<string, Layout>): Layout {
  const labelNames = Object.keys(labels)
  const signature = labelNames.join('\u0000')
  let layout = layouts.get(signature)
  if (layout === undefined) {
    const sets = dimensionSetsFor(labelNames, configured)
    const names = [...new Set(sets.flat())]
    const tooMany = sets.some((set) => set.length > CloudWatchLimits.dimensionsPerMetric)
    const badName = names.some((name) => dimensionNameProblem(name) !== undefined)
    const problem = tooMany ? DropReasons.tooManyDimensions : badName ? DropReasons.dimensionName : undefined
    layout = { sets, names, key: sets.map((set) => set.join('\u0000')).join('\u0001'), problem }
    if (layouts.size < MAX_LAYOUTS) layouts.set(signature, layout)
  }
  return layout
}

/**
 * Each configured set keeps only the names the series has (so a set acts like
 * PromQL's `sum by (…)`); without configured sets, all labels form one set.
 */
function dimensionSetsFor(labelNames: readonly string[], configured: Configured): string[][] {
  if (configured === undefined) return [[...labelNames].sort()]
  const present = new Set(labelNames)
  const seen = new Set<string>()
  const sets: string[][] = []
  for (const set of configured) {
    const kept = set.filter((name) => present.has(name))
    const key = kept.join('\u0000')
    if (!seen.has(key)) {
      seen.add(key)
      sets.push(kept)
    }
  }
  return sets
}
