/**
 * Instrument units (Prometheus words, UCUM codes as OpenTelemetry writes
 * them, or CloudWatch's own names) mapped onto CloudWatch's closed unit list.
 */

/** Every unit CloudWatch accepts (CW-6). */
export const CloudWatchUnits = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count',
  'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second',
  'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second',
  'Count/Second', 'None',
] as const

/** A unit CloudWatch accepts. */
export type CloudWatchUnit = (typeof CloudWatchUnits)[number]

const cloudWatchNames = new Set<string>(CloudWatchUnits)

// Lower-case spellings seen in Prometheus metric names and UCUM (OpenTelemetry) units.
const aliases: Readonly<Record<string, CloudWatchUnit>> = {
  '': 'None', '1': 'None', ratio: 'None',
  s: 'Seconds', sec: 'Seconds', second: 'Seconds', seconds: 'Seconds',
  ms: 'Milliseconds', millisecond: 'Milliseconds', milliseconds: 'Milliseconds',
  us: 'Microseconds', μs: 'Microseconds', microsecond: 'Microseconds', microseconds: 'Microseconds',
  by: 'Bytes', byte: 'Bytes', bytes: 'Bytes',
  kby: 'Kilobytes', kilobytes: 'Kilobytes', kib: 'Kilobytes',
  mby: 'Megabytes', megabytes: 'Megabytes', mib: 'Megabytes',
  gby: 'Gigabytes', gigabytes: 'Gigabytes', gib: 'Gigabytes',
  tby: 'Terabytes', terabytes: 'Terabytes', tib: 'Terabytes',
  bit: 'Bits', bits: 'Bits', kbit: 'Kilobits', kilobits: 'Kilobits', mbit: 'Megabits', megabits: 'Megabits',
  gbit: 'Gigabits', gigabits: 'Gigabits', tbit: 'Terabits', terabits: 'Terabits',
  '%': 'Percent', percent: 'Percent',
  count: 'Count',
  'by/s': 'Bytes/Second', 'bytes/second': 'Bytes/Second', bytes_per_second: 'Bytes/Second',
  'kby/s': 'Kilobytes/Second', 'mby/s': 'Megabytes/Second', 'gby/s': 'Gigabytes/Second', 'tby/s': 'Terabytes/Second',
  'bit/s': 'Bits/Second', 'bits/second': 'Bits/Second', 'kbit/s': 'Kilobits/Second', 'mbit/s': 'Megabits/Second',
  'gbit/s': 'Gigabits/Second', 'tbit/s': 'Terabits/Second',
  '1/s': 'Count/Second', 'count/second': 'Count/Second', 'count/s': 'Count/Second',
}

// UCUM annotations such as `{request}` or `{request}/s` count things.
const ANNOTATION = /^\{[^{}]*\}$/
const ANNOTATION_RATE = /^\{[^{}]*\}\/s$/

/**
 * The CloudWatch unit for an instrument's `unit`, or undefined when there is
 * none. The rule: a CloudWatch name is taken as is; otherwise the unit is
 * matched case-insensitively against common spellings ('seconds', 'ms',
 * 'By', '%', '{request}', …); '' means None.
 * @example toCloudWatchUnit('seconds') // 'Seconds'
 */
export function toCloudWatchUnit(unit: string): CloudWatchUnit | undefined {
  if (cloudWatchNames.has(unit)) return unit as CloudWatchUnit
  const lower = unit.trim().toLowerCase()
  const alias = aliases[lower]
  if (alias !== undefined) return alias
  if (ANNOTATION.test(lower)) return 'Count'
  if (ANNOTATION_RATE.test(lower)) return 'Count/Second'
  return undefined
}

/**
 * True when `unit` is one of CloudWatch's unit names, spelled exactly.
 * @example isCloudWatchUnit('Count/Second') // true
 */
export function isCloudWatchUnit(unit: string): unit is CloudWatchUnit {
  return cloudWatchNames.has(unit)
}
