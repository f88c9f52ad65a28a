/**
 * Prometheus naming rules, checked once at definition time, and the checks
 * for values given to instruments. Each error names the rule it enforces.
 */
import { DefinitionError, InputError } from '../errors.js'

/** Longest metric or label name accepted; CloudWatch and OpenTelemetry stop at 255. */
export const MAX_NAME_LENGTH = 255
/** The label lastcall adds to the series that collects measurements beyond the cardinality cap. */
export const OVERFLOW_LABEL = 'otel_metric_overflow'

export function checkMetricName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new DefinitionError('metric-name', `metric name must be a non-empty string, got ${describe(name)}`)
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new DefinitionError('metric-name', `metric name "${name.slice(0, 40)}…" is ${name.length} characters; the limit is ${MAX_NAME_LENGTH}`)
  }
  if (!isName(name, true)) {
    throw new DefinitionError('metric-name', `metric name "${name}" must match [a-zA-Z_:][a-zA-Z0-9_:]* (Prometheus data model)`)
  }
  if (name.startsWith('__')) {
    throw new DefinitionError('metric-name-reserved', `metric name "${name}" starts with "__", which Prometheus reserves for internal use`)
  }
}

export function checkLabelNames(metric: string, labelNames: unknown, kind: string): readonly string[] {
  if (labelNames === undefined) return []
  if (!Array.isArray(labelNames)) {
    throw new DefinitionError('label-names', `labelNames of "${metric}" must be an array of strings, got ${describe(labelNames)}`)
  }
  const seen = new Set<string>()
  for (const label of labelNames as unknown[]) {
    if (typeof label !== 'string' || label === '' || label.length > MAX_NAME_LENGTH || !isName(label, false)) {
      throw new DefinitionError('label-name', `label name ${describe(label)} of "${metric}" must match [a-zA-Z_][a-zA-Z0-9_]* and be at most ${MAX_NAME_LENGTH} characters`)
    }
    if (label.startsWith('__')) {
      throw new DefinitionError('label-name-reserved', `label name "${label}" of "${metric}" starts with "__", which Prometheus reserves`)
    }
    if (label === 'le' && kind === 'histogram') {
      throw new DefinitionError('label-name-reserved', `histogram "${metric}" cannot have a label "le": it holds the bucket bound`)
    }
    if (label === OVERFLOW_LABEL) {
      throw new DefinitionError('label-name-reserved', `label name "${OVERFLOW_LABEL}" is reserved for the cardinality overflow series`)
    }
    if (seen.has(label)) throw new DefinitionError('label-name-duplicate', `label name "${label}" appears twice in "${metric}"`)
    seen.add(label)
  }
  return Object.freeze([...seen])
}

/** Prometheus' default buckets: from 5 ms to 10 s. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])

export function checkBuckets(metric: string, buckets: unknown): readonly number[] {
  if (buckets === undefined) return DEFAULT_BUCKETS
  if (!Array.isArray(buckets)) throw new DefinitionError('buckets', `buckets of "${metric}" must be an array of numbers`)
  const bounds = (buckets as unknown[]).filter((b) => b !== Infinity)
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i]
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new DefinitionError('buckets-finite', `bucket bound ${describe(bound)} of "${metric}" must be a finite number (+Inf is implicit)`)
    }
    if (i > 0 && !(bound > (bounds[i - 1] as number))) {
      throw new DefinitionError('buckets-increasing', `buckets of "${metric}" must be strictly increasing: ${bounds[i - 1]} is followed by ${bound}`)
    }
  }
  return Object.freeze(bounds as number[])
}

export function checkHelp(metric: string, help: unknown): string {
  if (help === undefined) return ''
  if (typeof help !== 'string') throw new DefinitionError('help', `help of "${metric}" must be a string`)
  return help
}

export function checkUnit(metric: string, unit: unknown): string {
  if (unit === undefined) return ''
  if (typeof unit !== 'string' || !isUnitText(unit)) {
    throw new DefinitionError('unit', `unit of "${metric}" must be a short string such as "seconds" or "bytes", got ${describe(unit)}`)
  }
  return unit
}

/** Thrown from the hot path only for bad input, never for cardinality. */
export function badValue(metric: string, rule: string, detail: string): InputError {
  return new InputError(rule, `${metric}: ${detail}`)
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value)
  return typeof value
}

/** Label values must encode as valid UTF-8 and must not hold NUL (it separates values in series keys). */
export function checkNewLabelValue(metric: string, label: string, value: string): void {
  if (hasLoneSurrogate(value)) {
    throw new InputError('label-value-utf8', `${metric}: value of label "${label}" has a lone UTF-16 surrogate and cannot be sent as UTF-8`)
  }
  if (value.includes('\u0000')) throw new InputError('label-value-nul', `${metric}: value of label "${label}" contains NUL`)
}

// Definitions are checked by scanning characters rather than by regular expressions: V8
// compiles an expression on its first two runs (bytecode, then machine code), about 0.1 ms
// apiece on a Lambda-sized CPU, and a program defines its instruments during its cold start.

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` (a metric name) with `colon`, else `[a-zA-Z_][a-zA-Z0-9_]*` (a label name). */
function isName(name: string, colon: boolean): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i)
    if (!(isLetter(code) || (colon && code === 0x3a) || (i > 0 && isDigit(code)))) return false
  }
  return name.length > 0
}

const UNIT_PUNCTUATION = '/.%{}[]-'

/** `[A-Za-z0-9_/.%{}\[\]-]*`: a unit such as `seconds`, `By/s` or `{request}`. */
function isUnitText(unit: string): boolean {
  for (let i = 0; i < unit.length; i++) {
    const code = unit.charCodeAt(i)
    if (!(isLetter(code) || isDigit(code) || UNIT_PUNCTUATION.includes(unit.charAt(i)))) return false
  }
  return true
}

/** `a-z`, `A-Z` or `_`. */
function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/**
 * A high surrogate without a low one after it, or a low one without a high one before it.
 * ES2024's `isWellFormed`, a builtin: nothing to compile during a cold start, and faster than
 * an expression at every length. Every runtime lastcall supports has it (Node 20 and up, Deno,
 * Bun, workerd); the cast is for TypeScript's ES2023 library.
 */
function hasLoneSurrogate(value: string): boolean {
  return !(value as string & { isWellFormed(): boolean }).isWellFormed()
}
