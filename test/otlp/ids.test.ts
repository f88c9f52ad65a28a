/**
 * Trace and span ids written as protobuf bytes fields, with and without the
 * per-export memo, against a reference built on a regular expression: the
 * decoder reads chars by their low byte, so chars of 256 and up whose low
 * byte is a hex digit must still make an id invalid.
 */
import { describe, expect, it } from 'vitest'
import { IdMemo, isValidId, jsonId, SPAN_ID_HEX, TRACE_ID_HEX, writeId } from '../../adapters/otlp/ids.js'
import { ProtoWriter } from '../../adapters/shared/proto-writer.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** The field as protobuf wants it: key and bytes, `key 00` when invalid, nothing for an invalid optional id. */
function expected(field: number, id: string, length: number, optional: boolean): string {
  const key = (field * 8 + 2).toString(16).padStart(2, '0')
  if (new RegExp(`^[0-9a-fA-F]{${length}}$`).test(id) && /[^0]/.test(id)) return `${key}${(length / 2).toString(16).padStart(2, '0')}${id.toLowerCase()}`
  return optional ? '' : `${key}00`
}

/** Ids of `length` digits that are valid, and ones that are not for each way an id can be wrong. */
function ids(length: number): string[] {
  const valid = 'abcdef0123456789fedcba9876543210'.slice(0, length)
  const swap = (i: number, char: string) => valid.slice(0, i) + char + valid.slice(i + 1)
  return [
    valid,
    valid.toUpperCase(),
    swap(0, 'B'),
    '0'.repeat(length - 1) + '1',
    '0'.repeat(length),
    '',
    valid.slice(1),
    valid + '0',
    swap(length - 1, 'g'),
    swap(3, ' '),
    swap(0, '\u0100'), // 'Ā': low byte 0x00
    swap(5, '\u0130'), // 'İ': low byte 0x30, '0'
    swap(length - 1, '\u0161'), // 'š': low byte 0x61, 'a'
    swap(2, '\uff46'), // fullwidth 'f': low byte 0x46, 'F'
    swap(7, '\u00e1'), // 'á': a one-byte char that is no digit
  ]
}

describe.each([
  ['trace', 1, TRACE_ID_HEX],
  ['span', 2, SPAN_ID_HEX],
])('%s ids', (_kind, field, length) => {
  it.each([false, true])('writes each id as its field or empty (optional: %s)', (optional) => {
    for (const id of ids(length)) {
      const w = new ProtoWriter(0)
      writeId(w, field, id, length, optional)
      expect(hex(w.finish()), JSON.stringify(id)).toBe(expected(field, id, length, optional))
    }
  })

  it.each([false, true])('writes the same bytes through a memo, whatever came before (optional: %s)', (optional) => {
    const all = ids(length)
    // Every id after every other, and each twice in a row: hits, misses and invalid ids after a remembered one.
    const sequence = all.flatMap((a) => all.flatMap((b) => [a, b, b]))
    const memo = new IdMemo(field, length, optional)
    const w = new ProtoWriter(16)
    for (const id of sequence) memo.write(w, id)
    expect(hex(w.finish())).toBe(sequence.map((id) => expected(field, id, length, optional)).join(''))
  })

  it('validates ids for JSON as for protobuf', () => {
    for (const id of ids(length)) {
      const valid = expected(field, id, length, true) !== ''
      expect(isValidId(id, length), JSON.stringify(id)).toBe(valid)
      expect(jsonId(id, length)).toBe(valid ? id.toLowerCase() : '')
    }
  })
})
