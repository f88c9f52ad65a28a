/**
 * The fetch transport every HTTP adapter shares: one POST (or PUT, DELETE)
 * turned into an AttemptResult by the protocol's own retry rule, with the
 * error body cut short and no credentials in any message.
 */
import { parseRetryAfter, type AttemptResult, type ExportContext } from '../../src/index.js'
import { redact, redactError, secretsOf } from './redact.js'

/** Says whether a non-2xx status may be retried under a protocol's rules. */
export type RetryRule = (status: number) => boolean

/** Prometheus remote-write (RW-19): every 5xx and 429. */
export const remoteWriteRetry: RetryRule = (status) => status === 429 || (status >= 500 && status <= 599)
/** OTLP/HTTP (OT-9): only 429, 502, 503, 504. */
export const otlpRetry: RetryRule = (status) => status === 429 || status === 502 || status === 503 || status === 504
/** Pushgateway: 5xx and 429; its 400s are permanent. */
export const pushgatewayRetry: RetryRule = remoteWriteRetry

/** The most of an error body kept in a message. */
export const MAX_ERROR_BODY = 256
/** The most of a success body read (OTLP OT-5 recommends capping responses at 4 MiB); the rest is cancelled. */
export const MAX_RESPONSE_BODY = 4 * 1024 * 1024

export interface HttpRequest {
  readonly url: string
  readonly method?: 'POST' | 'PUT' | 'DELETE'
  readonly headers: Record<string, string>
  readonly body?: Uint8Array | string | undefined
  readonly retry: RetryRule
}

/** What a successful request yields: status and (for OTLP partial success) the body. */
export interface HttpSuccess {
  readonly status: number
  readonly contentType: string
  readonly body: Uint8Array
}

/** One attempt of `request`, for use inside `context.retry`. */
export async function sendOnce(
  context: ExportContext,
  request: HttpRequest,
  signal: AbortSignal,
  readBody = false,
): Promise<AttemptResult<HttpSuccess>> {
  const secrets = secretsOf(request.headers)
  let response: Response
  try {
    response = await context.fetch(request.url, {
      method: request.method ?? 'POST',
      headers: request.headers,
      body: (request.body ?? null) as BodyInit | null,
      signal,
    })
  } catch (error) {
    // Transport errors may quote the URL or a header value; the caller still classifies by name and cause code.
    throw redactError(error, secrets)
  }
  const status = response.status
  if (status >= 200 && status < 300) {
    const body = readBody ? await readAcceptedBody(response) : (await drain(response), new Uint8Array(0))
    return { ok: true, status, value: { status, contentType: response.headers.get('content-type') ?? '', body } }
  }
  const text = await readShort(response, secrets)
  const retryable = request.retry(status)
  const retryAfterMs = retryable ? parseRetryAfter(response.headers.get('retry-after'), Date.now()) : undefined
  const message = `HTTP ${status}${text === '' ? '' : `: ${text}`}`
  return retryAfterMs === undefined
    ? { ok: false, retryable, status, message }
    : { ok: false, retryable, status, message, retryAfterMs }
}

/** Sends `request` with the context's retry loop. */
export function send(context: ExportContext, request: HttpRequest, readBody = false) {
  return context.retry((signal) => sendOnce(context, request, signal, readBody))
}

/**
 * The body of a 2xx answer. The status line already says the backend took
 * the request; a body that breaks off cannot undo that, and sending the
 * request again would count it twice on a delta backend. So a failed read
 * yields an empty body, which reads as full success.
 */
async function readAcceptedBody(response: Response): Promise<Uint8Array> {
  try {
    return await readCapped(response, MAX_RESPONSE_BODY)
  } catch {
    return new Uint8Array(0)
  }
}

/** Reads at most `max` bytes of the body; a longer body is cut there (the caller sees a truncated, unparsable body). */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const reader = response.body?.getReader()
  if (reader === undefined) return new Uint8Array(0)
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const room = max - size
    chunks.push(value.length > room ? value.subarray(0, room) : value)
    size += Math.min(value.length, room)
    if (size >= max) {
      await reader.cancel().catch(() => {})
      break
    }
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.length
  }
  return body
}

async function drain(response: Response): Promise<void> {
  try {
    await response.body?.cancel()
  } catch {
    // A body that cannot be cancelled changes nothing for us.
  }
}

async function readShort(response: Response, secrets: readonly string[]): Promise<string> {
  try {
    // Redacted before it is cut, so a secret is never left half visible at the cut.
    const text = redact(await response.text(), secrets)
    const oneLine = text.replace(/\s+/g, ' ').trim()
    return oneLine.length > MAX_ERROR_BODY ? `${oneLine.slice(0, MAX_ERROR_BODY)}…` : oneLine
  } catch {
    return ''
  }
}

/** Builds the Authorization header from `bearerToken` or `basicAuth`. */
export function authHeader(auth: { bearerToken?: string | undefined; basicAuth?: { username: string; password: string } | undefined }): Record<string, string> {
  if (auth.bearerToken !== undefined) return { authorization: `Bearer ${auth.bearerToken}` }
  if (auth.basicAuth !== undefined) {
    const raw = new TextEncoder().encode(`${auth.basicAuth.username}:${auth.basicAuth.password}`)
    let binary = ''
    for (const byte of raw) binary += String.fromCharCode(byte)
    return { authorization: `Basic ${btoa(binary)}` }
  }
  return {}
}

/**
 * Merges user headers under the protocol's reserved ones: reserved names
 * (compared case-insensitively) always win, so users cannot override them.
 */
export function mergeHeaders(user: Readonly<Record<string, string>> | undefined, reserved: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  const reservedNames = new Set(Object.keys(reserved).map((k) => k.toLowerCase()))
  for (const [name, value] of Object.entries(user ?? {})) {
    if (!reservedNames.has(name.toLowerCase())) out[name.toLowerCase()] = value
  }
  for (const [name, value] of Object.entries(reserved)) out[name.toLowerCase()] = value
  return out
}
