/**
 * Number and string formatting shared by the Prometheus encoders. Bucket
 * bounds become label values, and remote-write receivers store label values
 * verbatim, so `le` must be formatted one way only: Go's
 * `strconv.FormatFloat(x, 'g', -1, 64)`, as client_golang and the
 * Pushgateway print it. Then our series match Go-instrumented ones.
 */

/**
 * Canonical `le` label value for a bucket bound: `+Inf`, `-Inf`, `NaN`, or
 * Go's shortest `%g` (`0.005`, `1`, `1e-07`, `1e+06`).
 * @example formatBucketBound(1e-7) // '1e-07'
 */
export function formatBucketBound(bound: number): string {
  if (bound === 0) return '0'
  if (!Number.isFinite(bound)) return formatSampleValue(bound)
  const text = String(Math.abs(bound))
  // Plain JS output is already Go's for integers below 1e6 and for fractions down to 1e-4.
  const plain = text.indexOf('e') < 0 && (Math.abs(bound) < 1e6 ? Math.abs(bound) >= 1e-4 : false)
  const sign = bound < 0 ? '-' : ''
  if (plain) return sign + text
  const { digits, exponent } = decimalDigits(text)
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`
    const abs = Math.abs(exponent)
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`
  }
  return sign + fixedNotation(digits, exponent)
}

/** Splits JS's shortest round-trip text into significant digits and a decimal exponent (d.ddd × 10^exponent). */
function decimalDigits(text: string): { digits: string; exponent: number } {
  const e = text.indexOf('e')
  const mantissa = e < 0 ? text : text.slice(0, e)
  const dot = mantissa.indexOf('.')
  const intPart = dot < 0 ? mantissa : mantissa.slice(0, dot)
  let digits = intPart + (dot < 0 ? '' : mantissa.slice(dot + 1))
  let exponent = (e < 0 ? 0 : Number(text.slice(e + 1))) + intPart.length - 1
  let lead = 0
  while (lead < digits.length - 1 && digits[lead] === '0') lead++
  exponent -= lead
  digits = digits.slice(lead).replace(/0+$/, '')
  return { digits: digits === '' ? '0' : digits, exponent }
}

function fixedNotation(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`
  if (digits.length <= exponent + 1) return digits + '0'.repeat(exponent + 1 - digits.length)
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
}

/**
 * A sample value as the text format and Go's ParseFloat want it: `+Inf`,
 * `-Inf` and `NaN` as tokens (JS would print `Infinity`), finite values in
 * JS's shortest round-trip form.
 * @example formatSampleValue(Infinity) // '+Inf'
 */
export function formatSampleValue(value: number): string {
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  if (value !== value) return 'NaN'
  return String(value)
}

const LABEL_SPECIAL = /[\\"\n]/
const LABEL_SPECIAL_ALL = /[\\"\n]/g
const HELP_SPECIAL = /[\\\n]/
const HELP_SPECIAL_ALL = /[\\\n]/g
const escapeChar = (char: string): string => (char === '\n' ? '\\n' : `\\${char}`)

/**
 * Escapes a label value for the text format: `\` → `\\`, `"` → `\"`, line feed → `\n`.
 * @example escapeLabelValue('C:\\DIR') // 'C:\\\\DIR'
 */
export function escapeLabelValue(value: string): string {
  return LABEL_SPECIAL.test(value) ? value.replace(LABEL_SPECIAL_ALL, escapeChar) : value
}

/**
 * Escapes HELP text: only `\` and line feed. Never `"`: expfmt up to
 * v0.55.0 rejects `\"` in HELP and the whole push with it.
 * @example escapeHelp('a "b"\nc') // 'a "b"\\nc'
 */
export function escapeHelp(help: string): string {
  return HELP_SPECIAL.test(help) ? help.replace(HELP_SPECIAL_ALL, escapeChar) : help
}
