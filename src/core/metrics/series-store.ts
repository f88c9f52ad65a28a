/**
 * Finds the series for a label set. Lookups walk a tree keyed by the label
 * values in definition order (a LabelBranch per level), so the hot path
 * builds no strings and allocates nothing; a full check runs only when a
 * series is new.
 */
import { InputError } from '../errors.js'
import { OVERFLOW_LABEL, checkNewLabelValue, describe } from './rules.js'
import { LabelBranch } from './label-branch.js'

/** What every series has: its identity and when it appeared. */
export interface SeriesBase {
  readonly key: string
  readonly labels: Readonly<Record<string, string>>
  readonly createdMs: number
}

export type LabelValues = Readonly<Record<string, string>>

type Node<S> = LabelBranch<Node<S> | S>

export class SeriesStore<S extends SeriesBase> {
  readonly #metric: string
  readonly #names: readonly string[]
  /**
   * The same names in an array that is not frozen: the hot path indexes it on every call,
   * and V8's optimized code reads a frozen array through the generic keyed-load stub.
   */
  readonly #order: string[]
  readonly #max: number
  readonly #make: (key: string, labels: LabelValues) => S
  readonly #onOverflow: () => void
  readonly #root: Node<S> = new LabelBranch()
  readonly #all: S[] = []
  #single: S | undefined
  #overflow: S | undefined

  constructor(metric: string, names: readonly string[], max: number, make: (key: string, labels: LabelValues) => S, onOverflow: () => void) {
    this.#metric = metric
    this.#names = names
    this.#order = [...names]
    this.#max = max
    this.#make = make
    this.#onOverflow = onOverflow
  }

  /** Every series, in creation order (the overflow series last appears when first used). */
  get all(): readonly S[] {
    return this.#all
  }

  /** The series for `labels`; throws InputError when they do not match the definition. */
  resolve(labels: LabelValues | undefined): S {
    const names = this.#order
    const n = names.length
    // Fast path for an existing series whose labels are written in declared order: for-in
    // reads each value through V8's enum cache (a keyed lookup per name is several times
    // slower) and counts the keys in the same pass.
    // for-in yields own keys before inherited ones, so n yielded keys that are all own are
    // every own key; inside for-in, V8 folds `hasOwnProperty` on the yielded key to a map
    // check it already made, where `Object.keys(labels).length` allocated an array per call.
    if (n !== 0 && typeof labels === 'object' && labels !== null) {
      let node: Node<S> | S = this.#root
      let i = 0
      for (const key in labels) {
        if (i === n || key !== names[i] || !Object.prototype.hasOwnProperty.call(labels, key)) return this.#resolveChecked(labels)
        const value = labels[key]
        if (typeof value !== 'string') return this.#resolveChecked(labels)
        const next: Node<S> | S | undefined = (node as Node<S>).get(value)
        if (next === undefined) return this.#resolveChecked(labels)
        node = next
        i++
      }
      if (i === n) return node as S
    }
    return this.#resolveOther(labels)
  }

  /** Everything the fast path leaves: no labels declared, labels that are not an object, too few keys. */
  #resolveOther(labels: LabelValues | undefined): S {
    if (labels !== undefined && labels !== null && typeof labels !== 'object') {
      throw new InputError('label-set-type', `${this.#metric}: the first argument must be a label object or a number value, got ${describe(labels)}`)
    }
    if (this.#names.length === 0) {
      if (labels !== undefined && countKeys(labels) !== 0) throw this.#mismatch(labels)
      return this.#single ?? this.#createSingle()
    }
    if (typeof labels !== 'object' || labels === null) throw this.#mismatch(labels)
    return this.#resolveChecked(labels)
  }

  /** Labels in any order: looks each declared name up, then checks there is nothing else. */
  #resolveChecked(labels: LabelValues): S {
    const names = this.#names
    const n = names.length
    let node = this.#root
    for (let i = 0; i < n; i++) {
      const value = labels[names[i] as string]
      if (typeof value !== 'string') throw this.#mismatch(labels)
      const next = node.get(value)
      if (next === undefined) return this.#miss(labels)
      if (i === n - 1) {
        if (countKeys(labels) !== n) throw this.#mismatch(labels)
        return next as S
      }
      node = next as Node<S>
    }
    /* c8 ignore next */
    throw this.#mismatch(labels)
  }

  #createSingle(): S {
    const series = this.#make('', Object.freeze({}))
    this.#single = series
    this.#all.push(series)
    return series
  }

  #miss(labels: LabelValues): S {
    if (countKeys(labels) !== this.#names.length) throw this.#mismatch(labels)
    const names = this.#names
    const copy: Record<string, string> = {}
    for (const name of names) {
      const value = labels[name] as string
      checkNewLabelValue(this.#metric, name, value)
      copy[name] = value
    }
    if (this.#all.length - (this.#overflow === undefined ? 0 : 1) >= this.#max) {
      this.#onOverflow()
      return this.#overflow ?? this.#createOverflow()
    }
    const series = this.#make(names.map((name) => copy[name]).join('\u0000'), Object.freeze(copy))
    let node = this.#root
    for (let i = 0; i < names.length - 1; i++) {
      const value = copy[names[i] as string] as string
      let next = node.get(value) as Node<S> | undefined
      if (next === undefined) node.set(value, (next = new LabelBranch()))
      node = next
    }
    node.set(copy[names[names.length - 1] as string] as string, series)
    this.#all.push(series)
    return series
  }

  #createOverflow(): S {
    const series = this.#make(`\u0000${OVERFLOW_LABEL}`, Object.freeze({ [OVERFLOW_LABEL]: 'true' }))
    this.#overflow = series
    this.#all.push(series)
    return series
  }

  #mismatch(labels: unknown): InputError {
    const expected = this.#names
    if (typeof labels !== 'object' || labels === null) {
      return new InputError('label-missing', `${this.#metric}: expected labels {${expected.join(', ')}}, got ${describe(labels)}`)
    }
    const record = labels as Record<string, unknown>
    for (const name of expected) {
      if (!(name in record)) return new InputError('label-missing', `${this.#metric}: label "${name}" is missing (declared: ${expected.join(', ')})`)
      if (typeof record[name] !== 'string') {
        return new InputError('label-value-type', `${this.#metric}: value of label "${name}" must be a string, got ${describe(record[name])}`)
      }
    }
    const extra = Object.keys(record).filter((key) => !expected.includes(key))
    return new InputError('label-undeclared', `${this.#metric}: label "${extra[0]}" is not declared (declared: ${expected.length === 0 ? 'none' : expected.join(', ')})`)
  }
}

function countKeys(record: object): number {
  let count = 0
  for (const key in record) if (Object.hasOwn(record, key)) count++
  return count
}
