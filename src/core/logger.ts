/**
 * A structured logger for user code: one JSON line per record with the
 * timestamp, level, message, service and the active trace and span ids, so
 * logs join traces in any backend.
 */
import { getSpanContext } from './trace/context.js'
import { activeContext } from './trace/context-manager.js'

export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
export type LogLevel = keyof typeof LOG_LEVELS

/** The logger on `telemetry.log`. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
  /** A logger that adds `fields` to every record. */
  child(fields: Record<string, unknown>): Logger
}

export interface LoggerInit {
  readonly service: string
  readonly level: LogLevel
  /** Receives each line; default `console.log`. */
  readonly write?: (line: string) => void
  /** Ids to use when no span is active, e.g. the sole running invocation's. */
  readonly fallbackIds?: () => { traceId: string; spanId: string } | undefined
}

/** Reads a level name such as `LOG_LEVEL=warn`; unknown names give `info`. */
export function parseLogLevel(text: string | undefined): LogLevel {
  const name = text?.trim().toLowerCase()
  if (name === 'warning') return 'warn'
  return name !== undefined && name in LOG_LEVELS ? (name as LogLevel) : 'info'
}

/**
 * Makes a logger.
 * @example
 * const log = createLogger({ service: 'checkout', level: 'info' })
 * log.info('order placed', { orderId: 42 })
 */
export function createLogger(init: LoggerInit, bound: Record<string, unknown> = {}): Logger {
  const min = LOG_LEVELS[init.level]
  const write = init.write ?? ((line: string) => console.log(line))
  const emit = (level: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>): void => {
    if (LOG_LEVELS[level] < min) return
    const active = getSpanContext(activeContext())
    const ids = active !== undefined ? { traceId: active.traceId, spanId: active.spanId } : init.fallbackIds?.()
    const record: Record<string, unknown> = { timestamp: new Date().toISOString(), level, message, service: init.service }
    if (ids !== undefined) {
      record['trace_id'] = ids.traceId
      record['span_id'] = ids.spanId
    }
    Object.assign(record, bound, fields)
    write(safeStringify(record))
  }
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createLogger(init, { ...bound, ...fields }),
  }
}

function safeStringify(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString()
      if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
      return value
    })
  } catch {
    return JSON.stringify({ timestamp: record['timestamp'], level: record['level'], message: String(record['message']), service: record['service'], note: 'fields could not be serialized' })
  }
}
