/**
 * A run of span attributes copies the previous span's bytes when the set
 * repeats; whatever the order of sets, it must write what encoding each set
 * afresh writes.
 */
import { describe, expect, it } from 'vitest'
import type { Attributes } from '../../src/index.js'
import { AttributeRun } from '../../adapters/otlp/attribute-runs.js'
import { writeAttributes } from '../../adapters/otlp/proto-common.js'
import { ProtoWriter } from '../../adapters/shared/proto-writer.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const list = ['a', 'b']

/** Sets that repeat, differ in their first, middle or last entry, in key order, or in size. */
const sets: Attributes[] = [
  { a: 'x', b: 1, c: true },
  { a: 'x', b: 1, c: true },
  { a: 'y', b: 1, c: true },
  { a: 'y', b: 2, c: true },
  { a: 'y', b: 2, c: false },
  { b: 2, a: 'y', c: false },
  { b: 2, a: 'y' },
  { b: 2, a: 'y', c: false, d: list },
  { b: 2, a: 'y', c: false, d: list },
  { b: 2, a: 'y', c: false, d: ['a', 'b'] },
  {},
  {},
  { a: 'x' },
  { '': 'skipped', a: 'x' },
  { a: 'x' },
]

describe('AttributeRun', () => {
  it('writes what writeAttributes writes for every set, after every other set', () => {
    const sequence = sets.flatMap((a) => sets.flatMap((b) => [a, b, b]))
    const run = new AttributeRun(9)
    const w = new ProtoWriter(16)
    const fresh = new ProtoWriter(16)
    for (const attributes of sequence) {
      run.write(w, attributes)
      writeAttributes(fresh, 9, attributes)
    }
    expect(hex(w.finish())).toBe(hex(fresh.finish()))
  })
})
