/**
 * The W3C `tracestate` list: an immutable value implementing the
 * `@opentelemetry/api` TraceState interface, and a strict parser for the
 * combined header (W3C Trace Context Level 2, spec/20 §tracestate).
 */
import type { TraceState as ApiTraceState } from '@opentelemetry/api'

const MAX_MEMBERS = 32
const MAX_HEADER_CHARS = 512
const LONG_ENTRY_CHARS = 128

// Level 2 grammar: `@` is an ordinary key character (so `foo@`, `foo@@bar`
// are keys), but a key must still start with a lowercase letter or a digit.
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/
// Printable ASCII minus `,` and `=`, 1 to 256 characters, not ending in a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/

let fromEntries: (entries: Map<string, string>) => TraceState

/**
 * An immutable tracestate list. `set` and `unset` return a new value; key
 * order is header order, most recently set first.
 * @example
 * const state = new TraceState().set('congo', 't61rcWkgMzE').set('rojo', '00f067aa0ba902b7')
 * state.serialize() // 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'
 */
export class TraceState implements ApiTraceState {
  #entries: ReadonlyMap<string, string> = new Map()
  #serialized: string | undefined

  static {
    // Lets the parser hand over already-validated entries without copying.
    fromEntries = (entries) => {
      const state = new TraceState()
      state.#entries = entries
      return state
    }
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size
  }

  /**
   * A copy with `key` set to `value` and moved to the front; past 32 entries
   * the right-most is dropped. An invalid key or value returns this state
   * unchanged, because emitting it would make receivers discard the whole list.
   */
  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this
    const entries = new Map([[key, value]])
    for (const [k, v] of this.#entries) {
      if (entries.size === MAX_MEMBERS) break
      if (k !== key) entries.set(k, v)
    }
    return fromEntries(entries)
  }

  /** A copy without `key` (this state when `key` is absent). */
  unset(key: string): TraceState {
    if (!this.#entries.has(key)) return this
    const entries = new Map(this.#entries)
    entries.delete(key)
    return fromEntries(entries)
  }

  /** The value for `key`, or undefined. */
  get(key: string): string | undefined {
    return this.#entries.get(key)
  }

  /** The entries in header order. */
  entries(): IterableIterator<[string, string]> {
    // Safe to hand out: the map is never changed after construction.
    return this.#entries.entries()
  }

  /**
   * The header value, at most 512 characters: whole entries are dropped,
   * those over 128 characters first, then from the end. '' when empty.
   */
  serialize(): string {
    this.#serialized ??= serializeEntries([...this.#entries].map(([k, v]) => `${k}=${v}`))
    return this.#serialized
  }
}

function serializeEntries(members: string[]): string {
  let length = members.reduce((sum, member) => sum + member.length + 1, -1)
  // Right-most long entries go first: they hold the least recently set state.
  for (let i = members.length - 1; i >= 0 && length > MAX_HEADER_CHARS; i--) {
    if (members[i]!.length > LONG_ENTRY_CHARS) length -= members.splice(i, 1)[0]!.length + 1
  }
  while (length > MAX_HEADER_CHARS) length -= members.pop()!.length + 1
  return members.join(',')
}

/**
 * Parses a combined `tracestate` header (several headers joined with `,`).
 * Returns undefined when the header is absent, has no entries, or breaks any
 * rule (bad key or value, more than 32 entries): one bad member voids the list.
 * The first of duplicated keys wins.
 * @example
 * parseTracestate('rojo=00f067aa0ba902b7, ,congo=t61rcWkgMzE')?.get('congo') // 't61rcWkgMzE'
 * parseTracestate('foo=1,FOO=2') // undefined
 */
export function parseTracestate(value: string | null | undefined): TraceState | undefined {
  if (value === null || value === undefined) return undefined
  const entries = new Map<string, string>()
  let members = 0
  for (const raw of value.split(',')) {
    const member = trimOws(raw)
    if (member === '') continue
    const eq = member.indexOf('=')
    if (eq < 0 || ++members > MAX_MEMBERS) return undefined
    const key = member.slice(0, eq)
    const text = member.slice(eq + 1)
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(text)) return undefined
    if (!entries.has(key)) entries.set(key, text)
  }
  return entries.size === 0 ? undefined : fromEntries(entries)
}

/**
 * True for a key of the Level 2 grammar `[a-z0-9][a-z0-9_\-*\/@]{0,255}`.
 * @example
 * isValidTraceStateKey('tenant@vendor') // true
 * isValidTraceStateKey('@vendor') // false
 */
export function isValidTraceStateKey(key: string): boolean {
  return KEY.test(key)
}

/**
 * True for 1 to 256 printable ASCII characters without `,` or `=`, not ending in a space.
 * @example
 * isValidTraceStateValue(' leading space kept') // true
 * isValidTraceStateValue('a=b') // false
 */
export function isValidTraceStateValue(value: string): boolean {
  return VALUE.test(value)
}

/**
 * `value` without leading and trailing spaces and tabs (HTTP OWS); unlike
 * `String#trim` it leaves other whitespace, which makes a header invalid.
 * @example
 * trimOws('\t 00-abc \t') // '00-abc'
 */
export function trimOws(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isOws(value.charCodeAt(start))) start++
  while (end > start && isOws(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}
