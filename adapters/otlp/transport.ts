/**
 * Sends encoded OTLP requests: gzip through CompressionStream, the content
 * type of the encoding, OTLP's retry rule (429/502/503/504 only, OT-9), and
 * the partial success of a 200 read from its body (OT-8) and never retried.
 */
import type { ExportContext } from '../../src/index.js'
import { mergeHeaders, otlpRetry, send } from '../shared/http.js'
import { redact, secretsOf } from '../shared/redact.js'
import { USER_AGENT } from '../shared/version.js'
import type { SignalConfig } from './config.js'
import { parsePartialSuccess } from './response.js'

/** How sending one signal's requests went. */
export interface SendResult {
  readonly delivered: boolean
  readonly attempts: number
  readonly timedOut: boolean
  readonly status?: number
  readonly message?: string
  /** Items the collector said it rejected (partial success). */
  readonly rejected: number
}

const CONTENT_TYPES = { protobuf: 'application/x-protobuf', json: 'application/json' } as const

/**
 * Gzips `bytes` with the Web-standard CompressionStream.
 * @example const body = await gzip(encoded)
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function canGzip(): boolean {
  return typeof CompressionStream === 'function'
}

/**
 * Sends `bodies` one after another to the signal's URL; stops at the first
 * failure, since what failed is sent again with the next flush anyway.
 * @example await sendBodies(context, config, 'spans', chunks.bodies, warn)
 */
export async function sendBodies(
  context: ExportContext,
  config: SignalConfig,
  what: 'spans' | 'data points',
  bodies: readonly Uint8Array[],
  warn: (message: string) => void,
): Promise<SendResult> {
  const gzipped = config.compression === 'gzip' && canGzip()
  if (config.compression === 'gzip' && !gzipped) warn('CompressionStream is not available here; sending uncompressed')
  const reserved: Record<string, string> = { 'content-type': CONTENT_TYPES[config.encoding], 'user-agent': USER_AGENT }
  if (gzipped) reserved['content-encoding'] = 'gzip'
  const headers = mergeHeaders(config.headers, reserved)
  let attempts = 0
  let rejected = 0
  let status: number | undefined
  for (const raw of bodies) {
    const body = gzipped ? await gzip(raw) : raw
    const result = await send(context, { url: config.url, headers, body, retry: otlpRetry }, true)
    attempts += result.attempts
    status = result.status
    if (!result.ok) {
      const failure = { delivered: false, attempts, timedOut: result.timedOut, message: result.message, rejected }
      return status === undefined ? failure : { ...failure, status }
    }
    const partial = parsePartialSuccess(result.value.body, result.value.contentType, config.encoding)
    if (partial !== undefined) {
      rejected += partial.rejected
      // The collector's own words, which may quote the request (headers included).
      const note = redact(partial.message, secretsOf(headers))
      context.logger.warn(`otlp: the collector rejected ${partial.rejected} ${what}${note === '' ? '' : `: ${note}`}`)
    }
  }
  const message = rejected > 0 ? `collector rejected ${rejected} ${what}` : undefined
  const done = { delivered: true, attempts, timedOut: false, rejected }
  const withStatus = status === undefined ? done : { ...done, status }
  return message === undefined ? withStatus : { ...withStatus, message }
}
