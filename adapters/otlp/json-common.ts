/**
 * OTLP/JSON (proto3 JSON mapping, OT-11..14) for the messages traces and
 * metrics share. Values are shaped so that plain `JSON.stringify` is
 * correct: 64-bit integers are already decimal strings and non-finite
 * doubles are the strings "NaN", "Infinity" and "-Infinity".
 */
import type { Attributes, ResourceData } from '../../src/index.js'

/** A JSON object as the encoders build it. */
export type Json = { [key: string]: unknown }

/**
 * A double for OTLP/JSON: a number, or its name when not finite (JSON.stringify would write null).
 * @example jsonDouble(NaN) // 'NaN'
 */
export function jsonDouble(value: number): number | string {
  return Number.isFinite(value) ? value : String(value)
}

/**
 * Standard (not URL-safe) base64, for bytes values (OT-14).
 * @example base64(new Uint8Array([1, 2])) // 'AQI='
 */
export function base64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] ?? 0)
  return btoa(binary)
}

function jsonAnyValue(value: unknown): Json {
  switch (typeof value) {
    case 'string':
      return { stringValue: value }
    case 'boolean':
      return { boolValue: value }
    case 'number':
      return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: jsonDouble(value) }
  }
  if (value instanceof Uint8Array) return { bytesValue: base64(value) }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(jsonAnyValue) } }
  return {}
}

/**
 * Attributes as a KeyValue array, without empty keys or undefined values.
 * @example jsonAttributes({ 'http.route': '/a' }) // [{ key: 'http.route', value: { stringValue: '/a' } }]
 */
export function jsonAttributes(attributes: Attributes | Readonly<Record<string, string>>): Json[] {
  const out: Json[] = []
  for (const key in attributes) {
    const value = attributes[key]
    if (key === '' || value === undefined) continue
    out.push({ key, value: jsonAnyValue(value) })
  }
  return out
}

/**
 * A Resource message.
 * @example jsonResource(batch.resource)
 */
export function jsonResource(resource: ResourceData): Json {
  return { attributes: jsonAttributes(resource.attributes) }
}

/**
 * An InstrumentationScope message.
 * @example jsonScope({ name: 'lastcall', version: '' })
 */
export function jsonScope(scope: { readonly name: string; readonly version: string }): Json {
  const out: Json = { name: scope.name }
  if (scope.version !== '') out['version'] = scope.version
  return out
}

const encoder = new TextEncoder()

/**
 * Serializes a request object to UTF-8 JSON bytes.
 * @example const body = toJsonBytes({ resourceSpans: [...] })
 */
export function toJsonBytes(request: Json): Uint8Array {
  return encoder.encode(JSON.stringify(request))
}
