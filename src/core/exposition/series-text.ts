/**
 * Per-series text the exposition encoders keep between calls. The core
 * freezes each series' labels once and hands the same object to every
 * snapshot, so a WeakMap keyed by it holds a series' line prefixes and its
 * last rendered lines for exactly as long as the series lives. Most series
 * of a scrape have not changed since the one before, and rendering them is
 * what the encoders otherwise spend their time on.
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
 * is ended by the caller. `value` and `counts` are what the series' lines
 * were last made from (a counter's value, or a histogram's sum and bucket
 * counts), once `known`. A series found unchanged keeps its lines, as a
 * string in `rendered` or as UTF-8 in `bytes` from `start` to `end`
 * (whichever encoder met it), so from then on it costs one copy. One that
 * changes keeps nothing: text held for just one call outlives the young
 * generation, and copying and promoting it cost more than rendering (about
 * +30% when all changed).
 */
export interface SeriesText {
  readonly family: string
  readonly bounds: readonly number[] | undefined
  readonly extraKey: string
  readonly prefixes: readonly string[]
  /** How many more UTF-8 bytes than UTF-16 units the prefixes take; values are ASCII, so lines take `length + surplus` bytes. */
  readonly surplus: number
  value: number
  readonly counts: Float64Array
  /** The frozen bucket counts array the lines were made from: the core hands out the same one until the series changes. */
  shown: readonly number[] | undefined
  known: boolean
  rendered: string | undefined
  /** Bytes of its own, or a block it shares with the rest of its family. */
  bytes: Uint8Array | undefined
  start: number
  end: number
}

/**
 * Entries are checked against the family, bounds and extra labels they were
 * made for: the empty label set may be shared by families, and a label
 * object handed in by a caller may meet other families or extra labels.
 */
const seriesTexts = new WeakMap<object, SeriesText>()

/** The counts of every counter and gauge series: none, and nothing ever writes to it. */
const NO_COUNTS = new Float64Array(0)

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
 * The cached text of a series, made on a miss by `make` from its label
 * list, with room for `buckets` bucket counts. Objects that are not frozen
 * could change under the cache, so a series with such labels or bounds is
 * never cached.
 */
export function seriesText(labels: Readonly<Record<string, string>>, family: string, bounds: readonly number[] | undefined, extra: ExtraLabels, buckets: number, make: (list: string) => string[]): SeriesText {
  const hit = seriesTexts.get(labels)
  if (hit !== undefined && hit.family === family && hit.bounds === bounds && hit.extraKey === extra.key) return hit
  const prefixes = make(labelList(labels, extra.pairs))
  let surplus = 0
  for (const prefix of prefixes) surplus += utf8Length(prefix) - prefix.length
  const text: SeriesText = { family, bounds, extraKey: extra.key, prefixes, surplus, value: 0, counts: buckets === 0 ? NO_COUNTS : new Float64Array(buckets), shown: undefined, known: false, rendered: undefined, bytes: undefined, start: 0, end: 0 }
  if (Object.isFrozen(labels) && (bounds === undefined || Object.isFrozen(bounds))) seriesTexts.set(labels, text)
  return text
}

/**
 * A family's series texts in the order its points came last time, keyed by
 * the first point's labels and checked like a series' own entry. The core
 * hands out a family's series in the same order at every snapshot, so each
 * point is matched by position and one identity check instead of a WeakMap
 * lookup, which cost about 20 µs per 1,000 unchanged series here.
 */
export interface FamilyTexts {
  readonly family: string
  readonly bounds: readonly number[] | undefined
  readonly extraKey: string
  /** Frozen label objects only: anything else could change under the list. */
  readonly labels: object[]
  readonly texts: SeriesText[]
  /**
   * The UTF-8 of all the family's series lines, when the byte encoder last
   * copied them as one whole block and no walk has met the family since:
   * while every series still shows what it showed, the family is that block.
   */
  block: Uint8Array | undefined
}

const familyTexts = new WeakMap<object, FamilyTexts>()

/** The family's list, or undefined when its first labels or its bounds are not frozen. */
export function familyList(first: Readonly<Record<string, string>>, family: string, bounds: readonly number[] | undefined, extra: ExtraLabels): FamilyTexts | undefined {
  const hit = familyTexts.get(first)
  if (hit !== undefined && hit.family === family && hit.bounds === bounds && hit.extraKey === extra.key) return hit
  if (!Object.isFrozen(first) || (bounds !== undefined && !Object.isFrozen(bounds))) return undefined
  const list: FamilyTexts = { family, bounds, extraKey: extra.key, labels: [], texts: [], block: undefined }
  familyTexts.set(first, list)
  return list
}

const NON_ASCII = /[^\x00-\x7f]/

/**
 * How many bytes `TextEncoder` makes of `text`: a lone surrogate becomes
 * U+FFFD (3 bytes), a surrogate pair one 4-byte sequence.
 * @example utf8Length('é') // 2
 */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
