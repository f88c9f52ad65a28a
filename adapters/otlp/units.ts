/**
 * OTLP units are UCUM codes (`s`, `By`), while lastcall instruments carry
 * Prometheus-style words (`seconds`, `bytes`). Known words map to their
 * code; anything else (already UCUM, or custom like `{request}`) passes.
 */
const UCUM: Readonly<Record<string, string>> = {
  seconds: 's', second: 's', milliseconds: 'ms', millisecond: 'ms', microseconds: 'us', nanoseconds: 'ns',
  minutes: 'min', hours: 'h', days: 'd', bytes: 'By', byte: 'By', kilobytes: 'kBy', megabytes: 'MBy', gigabytes: 'GBy',
  bits: 'bit', percent: '%', ratio: '1', celsius: 'Cel', hertz: 'Hz', meters: 'm', volts: 'V', amperes: 'A', joules: 'J', grams: 'g',
}

/**
 * The UCUM code for a unit word.
 * @example toUcum('seconds') // 's'
 */
export function toUcum(unit: string): string {
  return UCUM[unit.toLowerCase()] ?? unit
}
