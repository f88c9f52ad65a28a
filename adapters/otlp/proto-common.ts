/**
 * Protobuf encoding of the messages traces and metrics share
 * (opentelemetry/proto/common/v1): attributes as KeyValue and
 * InstrumentationScope. AnyValue is in any-value.ts, the Resource in
 * proto-resource.ts.
 */
import type { Attributes } from '../../src/index.js'
import type { ProtoWriter } from '../shared/proto-writer.js'
import { AnyValueField } from './any-value.js'
import { writeKeyValue } from './key-values.js'

/**
 * Writes `attributes` as repeated KeyValue in `field`, skipping empty keys
 * (OT-28) and undefined values.
 * @example writeAttributes(writer, 9, span.attributes)
 */
export function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key]
    if (key === '' || value === undefined) continue
    writeKeyValue(w, field, key, value)
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
 * Writes an InstrumentationScope message (name = 1, version = 2) in `field`.
 * @example writeScope(writer, 1, { name: 'lastcall', version: '' })
 */
export function writeScope(w: ProtoWriter, field: number, scope: { readonly name: string; readonly version: string }): void {
  const at = w.fork(field)
  if (scope.name !== '') w.string(1, scope.name)
  if (scope.version !== '') w.string(2, scope.version)
  w.join(at)
}
