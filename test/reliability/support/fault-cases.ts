/**
 * The fault matrix: what a loopback backend does, and what each protocol's
 * rules (specs §1.5 RW-19, §2 PG-5, §3.2 OT-8/OT-9, §4.1 CW-8/CW-9, §7.1)
 * say the adapter must do about it.
 */
import type { ScriptEntry, StatusReply } from '../../support/scripted-server.js'
import type { Protocol } from './targets.js'

/**
 * Attempts the backend sees per request path: `once` (no retry), `retried`
 * (two or more, until the deadline), `twice` (one retry, then success), or
 * `none` (nothing listens; the report counts the attempts instead).
 */
export type Attempts = 'once' | 'retried' | 'twice' | 'none'

export interface Expectation {
  readonly attempts: Attempts
  /** The export succeeded in the end (no failure counted). */
  readonly delivered: boolean
  /** The flush ends well before its deadline (a Retry-After past the deadline stops retries at once). */
  readonly returnsEarly?: boolean
  /** Points the collector said it rejected (OTLP partial success). */
  readonly rejected?: number
}

export interface FaultCase {
  readonly name: string
  /** The server's script, given the protocol's own success answer; undefined: no server listens. */
  readonly script: ((ok: StatusReply) => ScriptEntry[]) | undefined
  /** Only for these protocols (OTLP partial success). */
  readonly only?: readonly Protocol[]
  /** A longer deadline for cases that must fit a Retry-After wait. */
  readonly flushTimeoutMs?: number
  readonly expect: (protocol: Protocol) => Expectation
}

const failedOnce: Expectation = { attempts: 'once', delivered: false }
const retried: Expectation = { attempts: 'retried', delivered: false }
const always = (expectation: Expectation) => (): Expectation => expectation
const status = (code: number, headers?: Record<string, string>) => (): ScriptEntry[] => [{ status: code, body: `injected ${code}`, ...(headers === undefined ? {} : { headers }) }]

const partialSuccess: StatusReply = {
  status: 200, headers: { 'content-type': 'application/json' },
  body: '{"partialSuccess":{"rejectedDataPoints":"3","errorMessage":"3 points out of range"}}',
}

/** Every fault of the list, for every HTTP adapter. */
export const FAULT_CASES: readonly FaultCase[] = [
  { name: 'healthy backend', script: (ok) => [ok], expect: always({ attempts: 'once', delivered: true }) },
  // A longer deadline: on a loaded machine one refused attempt plus the backoff can take most of 600 ms, and this case asserts the retry.
  { name: 'connection refused', script: undefined, flushTimeoutMs: 1500, expect: always({ attempts: 'none', delivered: false }) },
  { name: 'hangs until the deadline', script: () => [{ hang: true }], expect: always(failedOnce) },
  { name: 'answers slowly, byte by byte', script: (ok) => [{ slow: ok }], expect: always(failedOnce) },
  { name: '400 Bad Request', script: status(400), expect: always(failedOnce) },
  { name: '401 Unauthorized', script: status(401), expect: always(failedOnce) },
  { name: '404 Not Found', script: status(404), expect: always(failedOnce) },
  { name: '413 Payload Too Large', script: status(413), expect: always(failedOnce) },
  { name: '429 without Retry-After', script: status(429), expect: always(retried) },
  {
    name: '429 with Retry-After: 1 (seconds), then success', flushTimeoutMs: 1500,
    script: (ok) => [{ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' }, ok],
    expect: always({ attempts: 'twice', delivered: true }),
  },
  {
    name: '429 with Retry-After: 3600 (past the deadline)', flushTimeoutMs: 1500,
    script: status(429, { 'retry-after': '3600' }),
    expect: always({ attempts: 'once', delivered: false, returnsEarly: true }),
  },
  {
    name: '503 with Retry-After as an HTTP-date, then success', flushTimeoutMs: 3000,
    script: (ok) => [() => ({ status: 503, headers: { 'retry-after': httpDate(1500) }, body: 'maintenance' }), ok],
    expect: always({ attempts: 'twice', delivered: true }),
  },
  {
    name: '429 with Retry-After as an HTTP-date past the deadline', flushTimeoutMs: 1500,
    script: () => [() => ({ status: 429, headers: { 'retry-after': httpDate(3_600_000) }, body: 'come back later' })],
    expect: always({ attempts: 'once', delivered: false, returnsEarly: true }),
  },
  // OTLP alone must not retry 500 (OT-9); remote-write, the Pushgateway and CloudWatch (InternalServiceFault) do.
  { name: '500 Internal Server Error', script: status(500), expect: (protocol) => (protocol === 'otlp' ? failedOnce : retried) },
  { name: '502 Bad Gateway', script: status(502), expect: always(retried) },
  { name: '503 Service Unavailable', script: status(503), expect: always(retried) },
  { name: '504 Gateway Timeout', script: status(504), expect: always(retried) },
  { name: 'connection reset before any answer', script: () => [{ reset: true }], expect: always(retried) },
  // The status line said 2xx: the backend took the data. Sending it again would count it twice (delta backends).
  { name: 'success answer cut off mid-body', script: (ok) => [{ cut: ok }], expect: always({ attempts: 'once', delivered: true }) },
  { name: 'garbage instead of HTTP', script: () => [{ garbage: true }], expect: always(retried) },
  {
    name: 'OTLP partial success', only: ['otlp'],
    // Metrics only, so the count is exact; the spans of the same flush are accepted in full.
    script: (ok) => [(request) => (request.url === '/v1/metrics' ? partialSuccess : ok)],
    expect: always({ attempts: 'once', delivered: false, rejected: 3 }),
  },
]

/** An HTTP-date `fromNowMs` from when the server answers (second resolution, as the header has). */
function httpDate(fromNowMs: number): string {
  return new Date(Date.now() + fromNowMs).toUTCString()
}
