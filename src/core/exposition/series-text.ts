/**
 * Per-series text the exposition encoder keeps between calls. The core
 * freezes each series' labels once and hands the same object to every
 * snapshot, so a WeakMap keyed by it holds a series' line prefixes and its
 * last rendered lines for exactly as long as the series lives. Most series
 * of a scrape have not changed since the one before, and rendering them is
 * what the encoder otherwise spends its time on.
 */
import { escapeLabelValue } from './format.js'

/** Extra label pairs in the order they were given. */
export type Extra = ReadonlyArray<readonly [string, string]>

/** One call's extra labels, and a key that tells two calls' lists apart. */
export interface ExtraLabels {
  readonly pairs: Extra
  readonly key: string
}

/**
 * What a series' lines start with, before the value: `\nname{a="x"} ` or,
 * for a histogram, each `name_bucket{a="x",le="0.1"} ` then the `_sum` and
 * `_count` ones. Each prefix begins with the line feed that ends the line
 * before it, which spares one string join per line; the family's last line
 * is ended by the caller. `values` are what the series' lines were last
 * made from (a counter's value; a histogram's sum, then its bucket counts),
 * once `known`. A series found unchanged keeps its lines in `rendered`, so
 * from then on it costs one string join. One that changes keeps nothing:
 * text held for just one call outlives the young generation, and copying
 * and promoting it cost more than rendering (about +30% when all changed).
 */
export interface SeriesText {
  readonly family: string
  readonly bounds: readonly number[] | undefined
  readonly extraKey: string
  readonly prefixes: readonly string[]
  readonly values: Float64Array
  known: boolean
  rendered: string | undefined
}

/**
 * Entries are checked against the family, bounds and extra labels they were
 * made for: the empty label set may be shared by families, and a label
 * object handed in by a caller may meet other families or extra labels.
 */
const seriesTexts = new WeakMap<object, SeriesText>()

/** `a="x",b="y"` for one series: its own non-empty labels, then the extra ones it lacks. */
function labelList(labels: Readonly<Record<string, string>>, extra: Extra): string {
  let list = ''
  for (const name in labels) {
    const value = labels[name] as string
    if (value !== '') list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  for (const [name, value] of extra) {
    if (!Object.hasOwn(labels, name)) list += `${list === '' ? '' : ','}${name}="${escapeLabelValue(value)}"`
  }
  return list
}

/**
 * The cached text of a series, made on a miss by `make` from its label list,
 * with room for `size` values. Objects that are not frozen could change
 * under the cache, so a series with such labels or bounds is never cached.
 */
export function seriesText(labels: Readonly<Record<string, string>>, family: string, bounds: readonly number[] | undefined, extra: ExtraLabels, size: number, make: (list: string) => string[]): SeriesText {
  const hit = seriesTexts.get(labels)
  if (hit !== undefined && hit.family === family && hit.bounds === bounds && hit.extraKey === extra.key) return hit
  const text: SeriesText = { family, bounds, extraKey: extra.key, prefixes: make(labelList(labels, extra.pairs)), values: new Float64Array(size), known: false, rendered: undefined }
  if (Object.isFrozen(labels) && (bounds === undefined || Object.isFrozen(bounds))) seriesTexts.set(labels, text)
  return text
}
