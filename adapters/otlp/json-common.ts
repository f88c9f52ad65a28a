/**
 * OTLP/JSON (proto3 JSON mapping, OT-11..14) for the messages traces and
 * metrics share. The encoders write JSON text directly rather than building
 * objects for `JSON.stringify`: the object trees cost more than the text.
 * Every piece is written exactly as `JSON.stringify` would write the object
 * the encoders used to build (same keys, same order, same escaping), so the
 * bytes are unchanged: 64-bit integers as decimal strings, non-finite
 * doubles as the strings "NaN", "Infinity" and "-Infinity".
 */
import type { Attributes, ResourceData } from '../../src/index.js'

/** What `JSON.stringify` escapes in a string: quote, backslash, control characters and (lone) surrogates. */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/

/**
 * A string as a JSON string literal, exactly as `JSON.stringify` writes it.
 * Most strings need no escaping, and testing for that is about twice as
 * fast as calling `JSON.stringify`; the rest (including paired surrogates,
 * which it leaves as they are) go through it.
 * @example jsonString('a"b') // '"a\\"b"'
 */
export function jsonString(value: string): string {
  return ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`
}

/** Attribute keys repeat across points and spans: their `{"key":…,"value":` text is kept, up to a bound. */
const keyTexts = new Map<string, string>()
const MAX_KEYS = 1024

function keyText(key: string): string {
  let text = keyTexts.get(key)
  if (text === undefined) {
    text = `{"key":${jsonString(key)},"value":`
    if (keyTexts.size < MAX_KEYS) keyTexts.set(key, text)
  }
  return text
}

/**
 * A number as `JSON.stringify` writes it (null when not finite), for integer fields.
 * @example jsonNumber(3) // '3'
 */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null'
}

/**
 * A double for OTLP/JSON as JSON text: a number, or its quoted name when not finite.
 * @example jsonDouble(NaN) // '"NaN"'
 */
export function jsonDouble(value: number): string {
  return Number.isFinite(value) ? String(value) : `"${value}"`
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

/** An AnyValue message; types OTLP has no value for become an empty object. */
function jsonAnyValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `{"stringValue":${jsonString(value)}}`
    case 'boolean':
      return value ? '{"boolValue":true}' : '{"boolValue":false}'
    case 'number':
      return Number.isSafeInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${jsonDouble(value)}}`
  }
  if (value instanceof Uint8Array) return `{"bytesValue":"${base64(value)}"}`
  if (Array.isArray(value)) {
    let out = ''
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + jsonAnyValue(value[i])
    return `{"arrayValue":{"values":[${out}]}}`
  }
  return '{}'
}

/**
 * Attributes as a KeyValue array, without empty keys or undefined values.
 * @example jsonAttributes({ 'http.route': '/a' }) // '[{"key":"http.route","value":{"stringValue":"/a"}}]'
 */
export function jsonAttributes(attributes: Attributes | Readonly<Record<string, string>>): string {
  let out = ''
  for (const key in attributes) {
    const value = attributes[key]
    if (key === '' || value === undefined) continue
    out += `${out === '' ? '' : ','}${keyText(key)}${jsonAnyValue(value)}}`
  }
  return `[${out}]`
}

/**
 * A Resource message.
 * @example jsonResource(batch.resource)
 */
export function jsonResource(resource: ResourceData): string {
  return `{"attributes":${jsonAttributes(resource.attributes)}}`
}

/**
 * An InstrumentationScope message.
 * @example jsonScope({ name: 'lastcall', version: '' })
 */
export function jsonScope(scope: { readonly name: string; readonly version: string }): string {
  const version = scope.version === '' ? '' : `,"version":${jsonString(scope.version)}`
  return `{"name":${jsonString(scope.name)}${version}}`
}

const encoder = new TextEncoder()

/**
 * A request's JSON text as UTF-8 bytes.
 * @example const body = toJsonBytes('{"resourceSpans":[]}')
 */
export function toJsonBytes(text: string): Uint8Array {
  return encoder.encode(text)
}
