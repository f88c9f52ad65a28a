/**
 * Reads the `partial_success` of an Export*ServiceResponse (OT-8), in
 * protobuf or JSON by the response's content type (OT-3). Both signals use
 * the same shape: field 1 is the int64 rejected count, field 2 the message.
 */
import { MAX_ERROR_BODY } from '../shared/http.js'

/** What a 200 response said about rejected items. */
export interface PartialSuccess {
  readonly rejected: number
  readonly message: string
}

/** The most of a response body that is parsed (OT-5 recommends 4 MiB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024

/**
 * The partial success in a response body, or undefined when there is none
 * (an empty, unset or unparsable body counts as full success).
 * @example parsePartialSuccess(body, 'application/json', 'json')
 */
export function parsePartialSuccess(body: Uint8Array, contentType: string, requestEncoding: 'protobuf' | 'json'): PartialSuccess | undefined {
  if (body.length === 0 || body.length > MAX_RESPONSE_BYTES) return undefined
  const type = contentType.toLowerCase()
  const json = type.includes('json') || (!type.includes('protobuf') && requestEncoding === 'json')
  try {
    return json ? fromJson(body) : fromProtobuf(body)
  } catch {
    return undefined
  }
}

function fromJson(body: Uint8Array): PartialSuccess | undefined {
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { partialSuccess?: Record<string, unknown> } | null
  const partial = parsed?.partialSuccess
  if (partial === undefined || partial === null || typeof partial !== 'object') return undefined
  // int64 arrives as a decimal string in JSON, but accept a number too.
  const rawCount = partial['rejectedSpans'] ?? partial['rejectedDataPoints'] ?? 0
  const rejected = Number(rawCount)
  const message = typeof partial['errorMessage'] === 'string' ? partial['errorMessage'] : ''
  return normalize(Number.isFinite(rejected) ? rejected : 0, message)
}

function fromProtobuf(body: Uint8Array): PartialSuccess | undefined {
  const reader = new Reader(body)
  let partial: PartialSuccess | undefined
  while (reader.more()) {
    const key = reader.varint()
    if (key === (1 << 3) + 2) {
      const inner = new Reader(reader.bytes())
      let rejected = 0
      let message = ''
      while (inner.more()) {
        const innerKey = inner.varint()
        if (innerKey === (1 << 3) + 0) rejected = inner.varint()
        else if (innerKey === (2 << 3) + 2) message = new TextDecoder().decode(inner.bytes())
        else inner.skip(innerKey & 7)
      }
      partial = normalize(rejected, message)
    } else reader.skip(key & 7)
  }
  return partial
}

function normalize(rejected: number, message: string): PartialSuccess | undefined {
  if (rejected === 0 && message === '') return undefined
  // The message goes to logs and reports: keep it to one short line.
  const line = message.replace(/\s+/g, ' ').trim()
  return { rejected, message: line.length > MAX_ERROR_BODY ? `${line.slice(0, MAX_ERROR_BODY)}…` : line }
}

/** Just enough of a protobuf reader to walk a response; throws on truncated input. */
class Reader {
  #buf: Uint8Array
  #pos = 0
  constructor(buf: Uint8Array) {
    this.#buf = buf
  }
  more(): boolean {
    return this.#pos < this.#buf.length
  }
  varint(): number {
    let value = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      const byte = this.#buf[this.#pos++]
      if (byte === undefined) throw new Error('truncated varint')
      value += (byte & 0x7f) * scale
      if (byte < 0x80) return value
      scale *= 0x80
    }
    throw new Error('varint too long')
  }
  bytes(): Uint8Array {
    const length = this.varint()
    const end = this.#pos + length
    if (end > this.#buf.length) throw new Error('truncated field')
    const out = this.#buf.subarray(this.#pos, end)
    this.#pos = end
    return out
  }
  skip(wire: number): void {
    if (wire === 0) this.varint()
    else if (wire === 1) this.#pos += 8
    else if (wire === 2) this.bytes()
    else if (wire === 5) this.#pos += 4
    else throw new Error(`unsupported wire type ${wire}`)
  }
}
