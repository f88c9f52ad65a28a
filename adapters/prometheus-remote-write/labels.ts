/**
 * Label sets as remote-write wants them: unique names, no empty values,
 * sorted by name in UTF-8 byte order (Go compares bytes; JS `<` compares
 * UTF-16 code units, which differs for characters beyond the BMP).
 */

/** One label: name and value. */
export type LabelPair = readonly [name: string, value: string]

/**
 * Compares two strings in UTF-8 byte order, which is code point order.
 * @example ['b', 'a', '__name__'].sort(compareUtf8)
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // A surrogate stands for a code point above U+FFFF, so it sorts after any BMP unit.
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

/** What a series is identified by besides its own labels. */
export interface SeriesIdentity {
  readonly job: string
  readonly instance: string
  /** External labels; a series' own label of the same name wins. */
  readonly external: Readonly<Record<string, string>>
}

/**
 * The sorted labels of one point without `__name__`: external labels, then
 * the point's own, then `job` and `instance`. Those two always win so
 * concurrent instances never write one series; a point's own `job` or
 * `instance` is kept as `exported_job` / `exported_instance`, as a
 * Prometheus scrape does. A point's own label, even an empty one, hides an
 * external label of the same name.
 */
export function pointLabels(labels: Readonly<Record<string, string>>, identity: SeriesIdentity): LabelPair[] {
  const pairs: LabelPair[] = [['job', identity.job], ['instance', identity.instance]]
  for (const name in labels) {
    const value = labels[name] as string
    if (value !== '') pairs.push([name === 'job' || name === 'instance' ? `exported_${name}` : name, value])
  }
  for (const name in identity.external) {
    const value = identity.external[name] as string
    if (value !== '' && !Object.hasOwn(labels, name)) pairs.push([name, value])
  }
  return sortPairs(pairs)
}

/** Insertion sort: label sets are small, and this beats `Array.prototype.sort` with a comparator on them. */
function sortPairs(pairs: LabelPair[]): LabelPair[] {
  for (let i = 1; i < pairs.length; i++) {
    const pair = pairs[i] as LabelPair
    let j = i - 1
    while (j >= 0 && compareUtf8((pairs[j] as LabelPair)[0], pair[0]) > 0) {
      pairs[j + 1] = pairs[j] as LabelPair
      j--
    }
    pairs[j + 1] = pair
  }
  return pairs
}
