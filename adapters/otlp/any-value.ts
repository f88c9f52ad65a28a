/**
 * Protobuf AnyValue (opentelemetry/proto/common/v1): the value of an
 * attribute, with arrays nested.
 */
import type { ProtoWriter } from '../shared/proto-writer.js'

/** AnyValue fields (OT-28). */
export const AnyValueField = { STRING: 1, BOOL: 2, INT: 3, DOUBLE: 4, ARRAY: 5, BYTES: 7 } as const

/**
 * Writes one attribute value as AnyValue (the caller has forked the field).
 * @example const at = w.fork(2); writeAnyValue(w, 'GET'); w.join(at)
 */
export function writeAnyValue(w: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      return w.string(AnyValueField.STRING, value)
    case 'boolean':
      return w.uint(AnyValueField.BOOL, value ? 1 : 0)
    case 'number':
      // Integers that int64 holds exactly go as int_value, as OpenTelemetry JS does; the rest as double.
      if (Number.isSafeInteger(value)) return w.int64(AnyValueField.INT, value)
      return w.double(AnyValueField.DOUBLE, value)
  }
  if (value instanceof Uint8Array) return w.bytes(AnyValueField.BYTES, value)
  if (Array.isArray(value)) {
    const array = w.fork(AnyValueField.ARRAY)
    for (const item of value) {
      // ArrayValue.values = 1; a null element stays as an empty AnyValue so positions hold.
      const at = w.fork(1)
      writeAnyValue(w, item)
      w.join(at)
    }
    w.join(array)
  }
  // null, undefined and anything else: an AnyValue with no value set.
}
