/**
 * CloudWatch's naming rules, shared by EMF and PutMetricData. Each check
 * returns the broken rule as a sentence (or undefined), so option parsing can
 * throw it and the export path can count it as a drop instead.
 */
import { DefinitionError } from '../../src/index.js'

/** Limits from CloudWatch's API reference and the EMF specification (specs.md §4). */
export const CloudWatchLimits = {
  namespaceLength: 255,
  metricNameLength: 255,
  // EMF-4 caps dimension keys at 250, stricter than PutMetricData's 255.
  dimensionNameLength: 250,
  dimensionValueLength: 1024,
  dimensionsPerMetric: 30,
  // CW-4: values beyond ±2^360 are rejected.
  maxMagnitude: 2 ** 360,
  pastMs: 14 * 24 * 60 * 60 * 1000,
  futureMs: 2 * 60 * 60 * 1000,
} as const

// EMF-8: the namespace pattern the EMF libraries enforce; it also keeps CW-2's ASCII rule.
const NAMESPACE_PATTERN = '^(?=.*\\S)[a-zA-Z0-9 ._#:/-]+$'
const NAMESPACE_PUNCTUATION = ' ._#:/-'
// Printable ASCII only (CW-3 forbids control characters and non-ASCII in dimensions), not
// only spaces. One expression rather than two: V8 compiles each on its first two runs
// (bytecode, then machine code), about 0.1 ms apiece of a cold start on a Lambda-sized CPU.
const PRINTABLE_NOT_BLANK = /^ *[\x21-\x7e][\x20-\x7e]*$/

/** Why `namespace` is not a valid CloudWatch namespace, or undefined when it is. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length === 0 || namespace.length > CloudWatchLimits.namespaceLength) {
    return `namespace must have 1 to ${CloudWatchLimits.namespaceLength} characters (CW-2)`
  }
  if (!isNamespaceText(namespace)) {
    return `namespace ${JSON.stringify(namespace)} must match ${NAMESPACE_PATTERN} (EMF-8, CW-2)`
  }
  if (namespace.startsWith('AWS/')) return `namespace ${JSON.stringify(namespace)} must not start with "AWS/": it is reserved for AWS services (CW-2)`
  return undefined
}

/** Why `name` cannot be a CloudWatch metric name, or undefined when it can. */
export function metricNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > CloudWatchLimits.metricNameLength) {
    return `metric name must have 1 to ${CloudWatchLimits.metricNameLength} characters (CW-3)`
  }
  if (!PRINTABLE_NOT_BLANK.test(name)) {
    return `metric name ${JSON.stringify(name)} must be printable ASCII with a non-blank character (CW-3, EMF-8)`
  }
  return undefined
}

/** Why `name` cannot be a dimension name, or undefined when it can. */
export function dimensionNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > CloudWatchLimits.dimensionNameLength) {
    return `dimension name must have 1 to ${CloudWatchLimits.dimensionNameLength} characters (CW-3, EMF-4)`
  }
  if (!PRINTABLE_NOT_BLANK.test(name)) {
    return `dimension name ${JSON.stringify(name)} must be printable ASCII with a non-blank character (CW-3)`
  }
  if (name.startsWith(':')) return `dimension name ${JSON.stringify(name)} must not start with ":" (CW-3)`
  return undefined
}

/** Why `value` cannot be a dimension value, or undefined when it can. */
export function dimensionValueProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > CloudWatchLimits.dimensionValueLength) {
    return `dimension value must have 1 to ${CloudWatchLimits.dimensionValueLength} characters (CW-3, EMF-4)`
  }
  if (!PRINTABLE_NOT_BLANK.test(value)) {
    return 'dimension value must be printable ASCII with a non-blank character (CW-3)'
  }
  return undefined
}

/** `NAMESPACE_PATTERN`: letters, digits and ` ._#:/-`, not only spaces. Checked once per adapter: a scan, not one more expression to compile. */
function isNamespaceText(text: string): boolean {
  let blank = true
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const allowed = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || NAMESPACE_PUNCTUATION.includes(text.charAt(i))
    if (!allowed) return false
    if (code !== 0x20) blank = false
  }
  return !blank
}

/** True when CloudWatch accepts `value` as a data point (CW-4, EMF-7). */
export function isSendableValue(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= CloudWatchLimits.maxMagnitude
}

/** True when `timeMs` lies in CloudWatch's window around `nowMs` (CW-7). */
export function isSendableTime(timeMs: number, nowMs: number): boolean {
  return timeMs >= nowMs - CloudWatchLimits.pastMs && timeMs <= nowMs + CloudWatchLimits.futureMs
}

/**
 * Throws a DefinitionError when `name` cannot be a CloudWatch metric name;
 * call it where you define instruments that CloudWatch will receive.
 * @example validateCloudWatchMetricName('http_requests_total') // passes
 */
export function validateCloudWatchMetricName(name: string): void {
  const problem = metricNameProblem(name)
  if (problem !== undefined) throw new DefinitionError('cloudwatch-metric-name', problem)
}

/**
 * Throws a DefinitionError when a label cannot become a CloudWatch dimension:
 * its name always, and its value when you know it at definition time.
 * @example validateCloudWatchDimension('route', '/orders/:id') // passes
 */
export function validateCloudWatchDimension(name: string, value?: string): void {
  const problem = dimensionNameProblem(name) ?? (value === undefined ? undefined : dimensionValueProblem(value))
  if (problem !== undefined) throw new DefinitionError('cloudwatch-dimension', problem)
}
