/**
 * A fake `fetch` for adapter tests: records every request (with its body
 * bytes) and answers with what the test's `respond` returns.
 */

export interface CapturedRequest {
  readonly url: string
  readonly method: string
  readonly headers: Record<string, string>
  readonly body: Uint8Array
  /** performance.now() when the request started and when its response was returned. */
  readonly startedAt: number
  endedAt: number
}

export interface CaptureFetch {
  readonly fetch: typeof fetch
  readonly requests: CapturedRequest[]
  /** Highest number of requests that were in flight at once. */
  readonly maxConcurrent: () => number
}

/**
 * Makes a capturing fetch. `respond` may be async (to hold a request open).
 * @example const capture = captureFetch(() => new Response(null, { status: 204 }))
 */
export function captureFetch(respond: (request: CapturedRequest, index: number) => Response | Promise<Response> = () => new Response(null, { status: 204 })): CaptureFetch {
  const requests: CapturedRequest[] = []
  let inFlight = 0
  let peak = 0
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    const body = new Uint8Array(await request.arrayBuffer())
    const headers: Record<string, string> = {}
    request.headers.forEach((value, name) => { headers[name] = value })
    const captured: CapturedRequest = { url: request.url, method: request.method, headers, body, startedAt: performance.now(), endedAt: 0 }
    const index = requests.push(captured) - 1
    inFlight++
    peak = Math.max(peak, inFlight)
    try {
      return await respond(captured, index)
    } finally {
      inFlight--
      captured.endedAt = performance.now()
    }
  }
  return { fetch: fake as typeof fetch, requests, maxConcurrent: () => peak }
}
