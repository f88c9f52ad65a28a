/**
 * What a call threw, for tests that check an error's class, rule and
 * message: `undefined` when it returned.
 * @example expect(thrownBy(() => otlp({ compression: 'br' }))).toBeInstanceOf(OptionsError)
 */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}
