/**
 * A fetch that remembers every request the adapters make during a check:
 * where it went, what came back and how long it took, or which error code
 * the connection failed with. The adapters' own reports say whether the
 * flush worked; this says why, request by request.
 */

/** One request as the doctor reports it. */
export interface RecordedRequest {
  readonly method: string
  readonly url: string
  /** HTTP status, when an answer came. */
  readonly status?: number
  /** Time to the response headers (or to the failure), ms. */
  readonly ms: number
  /** System error code of a failed connection (ECONNREFUSED, ENOTFOUND, …) or the error's name. */
  readonly error?: string
  /** The body of an error answer, on one line and cut at MAX_BODY: adapters keep less, and the reason is often at the end. */
  readonly body?: string
}

const MAX_BODY = 1000

export interface RecordingFetch {
  readonly fetch: typeof fetch
  readonly requests: RecordedRequest[]
}

/**
 * Wraps `base` (default: the global fetch).
 * @example const recording = recordingFetch(); createTelemetry({ fetch: recording.fetch })
 */
export function recordingFetch(base: typeof fetch = globalThis.fetch): RecordingFetch {
  const requests: RecordedRequest[] = []
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET')
    const started = performance.now()
    try {
      const response = await base(input, init)
      const ms = elapsed(started)
      const body = response.status >= 400 ? await readBody(response) : undefined
      requests.push(body === undefined ? { method, url, status: response.status, ms } : { method, url, status: response.status, ms, body })
      return response
    } catch (error) {
      requests.push({ method, url, ms: elapsed(started), error: errorCode(error) })
      throw error
    }
  }
  return { fetch: wrapped as typeof fetch, requests }
}

/** Reads a copy of the body, so the adapter still gets the original. */
async function readBody(response: Response): Promise<string | undefined> {
  try {
    const text = (await response.clone().text()).replace(/\s+/g, ' ').trim()
    return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}…` : text
  } catch {
    return undefined
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}

/**
 * The most specific name of a fetch failure: undici puts the system error
 * (and TLS errors) in `cause.code`; aborts are named AbortError or TimeoutError.
 * @example errorCode(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })) // 'ECONNREFUSED'
 */
export function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown; cause?: { code?: unknown } } } | undefined)?.cause
  const code = cause?.code ?? cause?.cause?.code
  if (typeof code === 'string') return code
  // undici refuses some URLs before connecting (e.g. "bad port") with a message and no code.
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message
  if (error instanceof Error) return error.name
  return 'Error'
}
