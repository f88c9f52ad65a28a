/**
 * lastcall's own diagnostics. Quiet by default: nothing is printed unless the
 * user passes a logger (`createTelemetry({ logger })`) or `consoleDiagnostics()`.
 */

/** Where lastcall reports its own warnings and errors. */
export interface DiagnosticLogger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const noop = (): void => {}

/** A logger that drops everything: the default. */
export const silentDiagnostics: DiagnosticLogger = { debug: noop, info: noop, warn: noop, error: noop }

/**
 * A diagnostics logger that writes to `console.error` (stderr), one line per
 * record, at `minLevel` and above.
 * @example createTelemetry({ logger: consoleDiagnostics('warn') })
 */
export function consoleDiagnostics(minLevel: 'debug' | 'info' | 'warn' | 'error' = 'warn'): DiagnosticLogger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const
  const at = (level: keyof typeof order) => (message: string, fields?: Record<string, unknown>): void => {
    if (order[level] < order[minLevel]) return
    console.error(`[lastcall] ${level}: ${message}${fields === undefined ? '' : ' ' + JSON.stringify(fields)}`)
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}
