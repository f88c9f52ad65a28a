/**
 * Classifies what `client.send` threw, following CloudWatch's rules (CW-8)
 * and the SDK's own standard retry strategy (CW-9): throttling, 5xx and
 * network failures may be retried; InvalidParameterValue and other 4xx
 * answers may not, as sending the same request again gives the same answer.
 */
import { parseRetryAfter, type AttemptResult } from '../../src/index.js'
import { redact, REDACTED } from '../shared/redact.js'

const THROTTLING = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded',
  'BandwidthLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete',
  'EC2ThrottledException',
])
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServiceFault', 'InternalServiceError', 'ServiceUnavailable'])
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET'])
/** Node's HTTP parser (`HPE_…`) and undici (`UND_ERR_…`) codes: an answer that was not HTTP, a transport failure like a reset. */
const BROKEN_RESPONSE = /^(HPE_|UND_ERR_)/
const MAX_MESSAGE = 256

interface SdkErrorShape {
  name?: unknown
  message?: unknown
  code?: unknown
  Code?: unknown
  $retryable?: unknown
  $metadata?: { httpStatusCode?: unknown }
  $response?: { headers?: Record<string, string | undefined> }
}

/**
 * Turns a thrown SDK error into a failed attempt the retry loop understands.
 * @example classifySdkError(error).retryable // true for ThrottlingException
 */
export function classifySdkError(error: unknown, nowMs: number = Date.now(), secrets: readonly string[] = []): Extract<AttemptResult, { ok: false }> {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  const name = typeof shape.name === 'string' ? shape.name : 'Error'
  const code = [shape.Code, shape.code].find((value): value is string => typeof value === 'string')
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined
  if (name === 'AbortError') return { ok: false, retryable: true, message: 'aborted at the flush deadline' }
  const throttled = THROTTLING.has(name) || (code !== undefined && THROTTLING.has(code)) || status === 429
  const retryable =
    throttled ||
    shape.$retryable !== undefined ||
    TRANSIENT.has(name) ||
    (code !== undefined && (TRANSIENT.has(code) || NETWORK_CODES.has(code) || BROKEN_RESPONSE.test(code))) ||
    (status !== undefined && status >= 500)
  const text = redactAws(describeSdkError(name, shape.message), secrets)
  const message = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text
  const retryAfterMs = throttled ? parseRetryAfter(retryAfterHeader(shape), nowMs) : undefined
  const failure = { ok: false as const, retryable, message }
  return {
    ...failure,
    ...(status === undefined ? {} : { status }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }
}

function retryAfterHeader(shape: SdkErrorShape): string | undefined {
  const headers = shape.$response?.headers
  if (headers === undefined || typeof headers !== 'object') return undefined
  return headers['retry-after'] ?? headers['Retry-After']
}

/** The SDK quotes the start of a body it could not parse, which may be an echoed credential: say only that it failed. */
function describeSdkError(name: string, message: unknown): string {
  if (typeof message !== 'string' || message === '') return name
  if (name === 'SyntaxError' || message.includes('Deserialization error')) return `${name}: the response body could not be read`
  return `${name}: ${message}`
}

/**
 * Redacts the configured credentials, and what a SigV4 request carries
 * whatever the credentials' source: the access key id in `Credential=`,
 * the signature, the session token header, anything shaped like an AWS key id.
 * @example redactAws('Credential=AKIDEXAMPLE/20260101/…', []) // 'Credential=[redacted]/20260101/…'
 */
export function redactAws(text: string, secrets: readonly string[]): string {
  return redact(text, secrets)
    .replace(/(Credential=)[^/\s,"\\]+/g, `$1${REDACTED}`)
    .replace(/(Signature=)[0-9a-fA-F]+/g, `$1${REDACTED}`)
    .replace(/(x-amz-security-token\\?"?\s*[:=]\s*\\?"?)[^\s",\\]+/gi, `$1${REDACTED}`)
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, REDACTED)
}
