/**
 * The Resource message, encoded once and copied on later exports. A process
 * has one resource and sends it in every request, so re-encoding its dozen
 * attributes each export is wasted work. Each cache entry remembers the keys
 * and values it was encoded from and is checked against them on use, so a
 * resource whose attributes change (or that was never frozen) is still
 * written correctly.
 */
import type { Attributes, ResourceData } from '../../src/index.js'
import { writeAttributes } from './proto-common.js'
import { ProtoWriter } from '../shared/proto-writer.js'

interface Encoded {
  readonly keys: readonly string[]
  readonly values: readonly unknown[]
  /** Resource.attributes (repeated KeyValue, field 1): the message body. */
  readonly body: Uint8Array
}

/** Keyed by the attributes object, so entries go with the resource they belong to. */
const encoded = new WeakMap<Attributes, Encoded>()

/** True when `attributes` still holds exactly the keys and values `entry` was encoded from. */
function unchanged(entry: Encoded, attributes: Attributes): boolean {
  const { keys, values } = entry
  let i = 0
  for (const key in attributes) {
    if (keys[i] !== key || values[i] !== attributes[key]) return false
    i++
  }
  return i === keys.length
}

function encode(attributes: Attributes): Uint8Array {
  const keys: string[] = []
  const values: unknown[] = []
  let cacheable = true
  for (const key in attributes) {
    const value = attributes[key]
    // An array could change in place without the check above seeing it.
    if (typeof value === 'object' && value !== null) cacheable = false
    keys.push(key)
    values.push(value)
  }
  const w = new ProtoWriter(256)
  writeAttributes(w, 1, attributes)
  const body = w.finish()
  if (cacheable) encoded.set(attributes, { keys, values, body })
  else encoded.delete(attributes)
  return body
}

/**
 * Writes a Resource message (attributes = 1) in `field`.
 * @example writeResource(writer, 1, batch.resource)
 */
export function writeResource(w: ProtoWriter, field: number, resource: ResourceData): void {
  const attributes = resource.attributes
  const hit = encoded.get(attributes)
  const body = hit !== undefined && unchanged(hit, attributes) ? hit.body : encode(attributes)
  w.header(field, body.length)
  w.raw(body)
}
