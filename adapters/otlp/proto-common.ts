/**
 * Protobuf encoding of the messages traces and metrics share
 * (opentelemetry/proto/common/v1 and resource/v1): KeyValue, AnyValue,
 * Resource and InstrumentationScope.
 */
import type { Attributes, ResourceData } from '../../src/index.js'
import type { ProtoWriter } from './proto-writer.js'

/** AnyValue fields (OT-28). */
const AnyValueField = { STRING: 1, BOOL: 2, INT: 3, DOUBLE: 4, ARRAY: 5, BYTES: 7 } as const

/** Writes one attribute value as AnyValue (the caller has forked the field). */
function writeAnyValue(w: ProtoWriter, value: unknown): void {
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

/**
 * Writes `attributes` as repeated KeyValue in `field`, skipping empty keys
 * (OT-28) and undefined values.
 * @example writeAttributes(writer, 9, span.attributes)
 */
export function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key]
    if (key === '' || value === undefined) continue
    const kv = w.fork(field)
    w.string(1, key)
    const v = w.fork(2)
    writeAnyValue(w, value)
    w.join(v)
    w.join(kv)
  }
}

/**
 * Writes string labels as repeated KeyValue: the metric-point fast path.
 * @example writeLabels(writer, 7, point.labels)
 */
export function writeLabels(w: ProtoWriter, field: number, labels: Readonly<Record<string, string>>): void {
  for (const key in labels) {
    const value = labels[key]
    if (key === '' || value === undefined) continue
    const kv = w.fork(field)
    w.string(1, key)
    const v = w.fork(2)
    w.string(AnyValueField.STRING, value)
    w.join(v)
    w.join(kv)
  }
}

/**
 * Writes a Resource message (attributes = 1) in `field`.
 * @example writeResource(writer, 1, batch.resource)
 */
export function writeResource(w: ProtoWriter, field: number, resource: ResourceData): void {
  const at = w.fork(field)
  writeAttributes(w, 1, resource.attributes)
  w.join(at)
}

/**
 * Writes an InstrumentationScope message (name = 1, version = 2) in `field`.
 * @example writeScope(writer, 1, { name: 'lastcall', version: '' })
 */
export function writeScope(w: ProtoWriter, field: number, scope: { readonly name: string; readonly version: string }): void {
  const at = w.fork(field)
  if (scope.name !== '') w.string(1, scope.name)
  if (scope.version !== '') w.string(2, scope.version)
  w.join(at)
}
