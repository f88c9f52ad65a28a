/**
 * Encoded attribute keys and values kept across exports. Span attributes
 * repeat: the same few keys on every span, mostly with the same values
 * (method, route, status). Writing a KeyValue from cached bytes skips the
 * per-character UTF-8 loop, which is most of what encoding a span costs.
 * A value is cached only once it repeats, so a key whose value changes on
 * every span (a URL path) allocates nothing; the cache holds at most
 * MAX_KEYS keys and starts over when full.
 */
import { writeAnyValue } from './any-value.js'
import { ProtoWriter } from '../shared/proto-writer.js'

/** Keys kept at most; real attribute sets use tens. */
const MAX_KEYS = 512
/** Longest key (in UTF-16 units) or encoded value (in bytes) kept. */
const MAX_LENGTH = 128

interface KeyEntry {
  /** KeyValue.key (field 1): key, length and UTF-8 bytes. */
  readonly key: Uint8Array
  /** The value written last under this key. */
  last: unknown
  /** The value `encoded` holds, and the whole KeyValue message for it. */
  value: unknown
  encoded: Uint8Array | undefined
}

const entries = new Map<string, KeyEntry>()

function addEntry(key: string): KeyEntry | undefined {
  if (key.length > MAX_LENGTH) return undefined
  if (entries.size >= MAX_KEYS) entries.clear()
  const w = new ProtoWriter(MAX_LENGTH * 3 + 8)
  w.string(1, key)
  const entry: KeyEntry = { key: w.finish(), last: undefined, value: undefined, encoded: undefined }
  entries.set(key, entry)
  return entry
}

/** True for values whose encoding `===` fixes (0 and -0 both go as int 0). */
function isPrimitive(value: unknown): boolean {
  const type = typeof value
  return type === 'string' || type === 'number' || type === 'boolean'
}

/**
 * Writes one KeyValue in `field`, from cached bytes where it can.
 * @example writeKeyValue(writer, 9, 'http.route', '/users/:id')
 */
export function writeKeyValue(w: ProtoWriter, field: number, key: string, value: unknown): void {
  const entry = entries.get(key) ?? addEntry(key)
  if (entry === undefined) {
    const kv = w.fork(field)
    w.string(1, key)
    const v = w.fork(2)
    writeAnyValue(w, value)
    w.join(v)
    w.join(kv)
    return
  }
  if (entry.encoded !== undefined && entry.value === value) return w.bytes(field, entry.encoded)
  const kv = w.fork(field)
  const start = w.length
  w.raw(entry.key)
  const v = w.fork(2)
  writeAnyValue(w, value)
  w.join(v)
  // A value seen twice in a row is likely to come again: keep its bytes.
  if (value === entry.last && isPrimitive(value) && w.length - start <= MAX_LENGTH) {
    entry.value = value
    entry.encoded = w.buffer.slice(start, w.length)
  }
  entry.last = value
  w.join(kv)
}
