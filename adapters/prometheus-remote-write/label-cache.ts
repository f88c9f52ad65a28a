/**
 * Labels that stay the same from flush to flush, kept per instance so a
 * flush reuses them instead of building them again: the sorted base labels
 * of each frozen label object, and each family's `__name__` (and `le`)
 * labels. Being the same arrays every flush, they also let the encoded
 * series cached on the ledger (see `seriesBlock`) check their labels by
 * identity.
 */
import { formatBucketBound, type MetricData } from '../../src/index.js'
import { pointLabels, type LabelPair, type SeriesIdentity } from './labels.js'

/** Per series of a point, its labels besides the point's own. */
export type Extras = readonly (readonly LabelPair[])[]

interface FamilyEntry {
  readonly kind: MetricData['kind']
  readonly bounds: readonly number[] | undefined
  readonly extras: Extras
}

/** The labels of one instance's series, reused across its flushes. */
export class LabelCache {
  /** Weak: an entry goes with the label object, which the core drops with its series. */
  readonly #bases = new WeakMap<object, readonly LabelPair[]>()
  /** Families of the previous flush and of the current one: a family no longer sent is forgotten after one flush. */
  #previous = new Map<string, FamilyEntry>()
  #current = new Map<string, FamilyEntry>()

  /** The sorted labels of a point without `__name__` (see `pointLabels`). */
  base(labels: Readonly<Record<string, string>>, identity: SeriesIdentity): readonly LabelPair[] {
    let base = this.#bases.get(labels)
    if (base !== undefined) return base
    base = pointLabels(labels, identity)
    // Only a frozen object cannot change under the cache; freezing the result lets encoded series trust its identity.
    if (Object.isFrozen(labels)) this.#bases.set(labels, (base = Object.freeze(base)))
    return base
  }

  /** The per-series labels of a family's points, the same array while the family keeps its name, kind and bounds. */
  extras(family: MetricData): Extras {
    const bounds = family.kind === 'histogram' ? family.bounds : undefined
    let entry = this.#current.get(family.name) ?? this.#previous.get(family.name)
    if (entry === undefined || entry.kind !== family.kind || !sameBounds(entry.bounds, bounds)) {
      entry = { kind: family.kind, bounds, extras: familyExtras(family) }
    }
    this.#current.set(family.name, entry)
    return entry.extras
  }

  /** Ends a flush. */
  sweep(): void {
    this.#previous = this.#current
    this.#current = new Map()
  }
}

/**
 * A family's per-series labels: `__name__` for a counter or gauge; for a
 * histogram, `_bucket` with each `le` (and `+Inf`), then `_sum`, `_count`.
 * @example familyExtras(family)[0] // [['__name__', 'jobs_total']]
 */
export function familyExtras(family: MetricData): Extras {
  if (family.kind !== 'histogram') return [[['__name__', family.name]]]
  const bucket: LabelPair = ['__name__', `${family.name}_bucket`]
  // '__name__' sorts before 'le', so each pair is already in order.
  const extras: LabelPair[][] = [...family.bounds.map(formatBucketBound), '+Inf'].map((le) => [bucket, ['le', le]])
  extras.push([['__name__', `${family.name}_sum`]], [['__name__', `${family.name}_count`]])
  return extras
}

function sameBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}
