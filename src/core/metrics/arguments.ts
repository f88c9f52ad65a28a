/**
 * The instruments' write methods take `(labels?, value)` or just `(value)`.
 * These two small functions tell the forms apart, so each method reads its
 * arguments the same way; V8 inlines them into the method.
 */
import type { LabelValues } from './series-store.js'

/** The labels of a call: `undefined` when the first argument was the value. */
export function labelsArg(first: LabelValues | number | undefined): LabelValues | undefined {
  return typeof first === 'number' ? undefined : first
}

/** The value of a call: the first argument when it is a number, else the second, else `fallback`. */
export function valueArg(first: LabelValues | number | undefined, second: unknown, fallback?: number): unknown {
  return typeof first === 'number' ? first : second === undefined ? fallback : second
}
