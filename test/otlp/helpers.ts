/**
 * Small helpers shared by the OTLP tests: normalizing decoded requests so
 * protobuf and JSON decode to comparable data.
 */
import { createExportContext, type DiagnosticLogger, type ExportContext, type RetryPolicy } from '../../src/index.js'
import type { Decoded } from './otlp-proto.js'

/** AnyValue members: proto3 oneof fields have presence, so their zero values are kept. */
const ONEOF_KEYS = new Set(['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue', 'asDouble', 'asInt'])

/**
 * Drops proto3 default values ('' , 0, '0', false, empty arrays) outside oneofs, so
 * an encoder that writes defaults and one that omits them compare equal.
 */
export function withoutDefaults(value: Decoded): Decoded {
  if (Array.isArray(value)) return value.map(withoutDefaults)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue
    if (!ONEOF_KEYS.has(key) && (v === '' || v === 0 || v === '0' || v === false || (Array.isArray(v) && v.length === 0))) continue
    out[key] = withoutDefaults(v)
  }
  return out
}

/** Attributes of a decoded KeyValue list as a key → AnyValue object. */
export function attrs(list: Decoded[] | undefined): Record<string, Decoded> {
  return Object.fromEntries((list ?? []).map((kv: Decoded) => [kv.key, kv.value]))
}

/** Nanoseconds as an exact decimal string, from whole ms and a nanosecond remainder. */
export function nanos(wholeMs: number, extraNanos = 0): string {
  return (BigInt(wholeMs) * 1_000_000n + BigInt(extraNanos)).toString()
}

/** A diagnostics logger that keeps what it was told. */
export function recordingLogger(): DiagnosticLogger & { readonly lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = []
  const at = (level: string) => (message: string): void => {
    lines.push({ level, message })
  }
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** Retries fast so retry tests take milliseconds, not seconds. */
export const fastRetry: RetryPolicy = { initialDelayMs: 1, maxDelayMs: 5, multiplier: 2, maxAttempts: 4 }

/** Runs `fn` with an ExportContext that is disposed afterwards. */
export async function withContext<T>(
  init: { env?: Record<string, string>; timeoutMs?: number; logger?: DiagnosticLogger; retryPolicy?: RetryPolicy },
  fn: (context: ExportContext) => Promise<T>,
): Promise<T> {
  const { context, dispose } = createExportContext({ timeoutMs: init.timeoutMs ?? 5000, retryPolicy: init.retryPolicy ?? fastRetry, env: init.env ?? {}, ...(init.logger ? { logger: init.logger } : {}) })
  try {
    return await fn(context)
  } finally {
    dispose()
  }
}
