/**
 * Errors lastcall throws at definition or call time for bad input. Flushes
 * never throw; they report.
 */

/** Every error lastcall throws is a `LastcallError`. `rule` names the rule that was broken. */
export class LastcallError extends Error {
  override readonly name: string = 'LastcallError'
  /** A stable identifier of the broken rule, e.g. `metric-name`, `label-missing`. */
  readonly rule: string
  constructor(rule: string, message: string) {
    super(message)
    this.rule = rule
  }
}

/** Thrown for an invalid metric or label definition, or a conflicting redefinition. */
export class DefinitionError extends LastcallError {
  override readonly name = 'DefinitionError'
}

/** Thrown when a value or label set given to an instrument breaks a rule. */
export class InputError extends LastcallError {
  override readonly name = 'InputError'
}

/** Thrown when `createTelemetry` or an adapter factory gets invalid options. */
export class OptionsError extends LastcallError {
  override readonly name = 'OptionsError'
}

/** True when `error` came from lastcall. */
export function isLastcallError(error: unknown): error is LastcallError {
  return error instanceof LastcallError
}
