/**
 * The spans of one export often carry the same attributes as the span
 * before them: the children of one handler, a loop of queries. The previous
 * span's encoded attributes are kept and copied whole when the next span
 * holds the same keys and values in the same order. Values compare with
 * `===`; the data of one export does not change while it is encoded, so the
 * same array or bytes object encodes the same way. One run lives for one
 * export and is never shared.
 */
import type { Attributes } from '../../src/index.js'
import { writeAttributes } from './proto-common.js'
import type { ProtoWriter } from '../shared/proto-writer.js'

/**
 * Writes attributes, copying the previous call's bytes when they repeat.
 * @example const run = new AttributeRun(9); for (const span of spans) run.write(w, span.attributes)
 */
export class AttributeRun {
  readonly #field: number
  readonly #keys: string[] = []
  readonly #values: unknown[] = []
  #count = 0
  #bytes: Uint8Array | undefined

  /** For attributes written as repeated KeyValue in `field`. */
  constructor(field: number) {
    this.#field = field
  }

  /** Writes `attributes` as repeated KeyValue in the run's field. */
  write(w: ProtoWriter, attributes: Attributes): void {
    const same = this.#remember(attributes)
    if (same && this.#bytes !== undefined) return w.raw(this.#bytes)
    const start = w.length
    writeAttributes(w, this.#field, attributes)
    // Copied out only once a set repeats, so attributes that always differ cost no allocation.
    this.#bytes = same ? w.buffer.slice(start, w.length) : undefined
  }

  /** Records the keys and values of `attributes`; true when they equal the previous call's. */
  #remember(attributes: Attributes): boolean {
    const keys = this.#keys
    const values = this.#values
    const count = this.#count
    let same = true
    let i = 0
    for (const key in attributes) {
      const value = attributes[key]
      // Entries are stored only from the first difference on: a repeat, the case worth speeding, stores nothing.
      if (same && i < count && keys[i] === key && values[i] === value) {
        i++
        continue
      }
      same = false
      keys[i] = key
      values[i] = value
      i++
    }
    this.#count = i
    return same && i === count
  }
}
