/**
 * A loopback proxy in front of a real receiver that can be told to fail:
 * answer a status (with headers) without forwarding, hang, reset the
 * connection, choose one of these per request (chaos), or stop listening
 * so connections are refused. A failed request never reaches the receiver.
 * Used to prove that after the backend recovers the totals are exact.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the proxy does with one request. */
export type FaultAction =
  | { readonly kind: 'forward' }
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string>; readonly times?: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }

export type FaultMode =
  | FaultAction
  /** Decides per request, e.g. from a seeded PRNG. */
  | { readonly kind: 'choose'; readonly choose: () => FaultAction }

export interface FaultProxy {
  readonly url: string
  /**
   * Requests seen, by outcome (`failed` counts status answers). `lost`
   * counts forwarded requests whose answer never reached the client (it
   * gave up first): the receiver took those, the client does not know it.
   */
  readonly counts: { forwarded: number; failed: number; hung: number; reset: number; lost: number }
  setMode(mode: FaultMode): void
  /** Stops listening (connections are refused) until `listen()`. */
  refuse(): Promise<void>
  listen(): Promise<void>
  close(): Promise<void>
}

/**
 * Starts a proxy that forwards every request to `target` + its path.
 * @example const proxy = await startFaultProxy(prometheus.url)
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let mode: FaultMode = { kind: 'forward' }
  let remaining = Infinity
  const counts = { forwarded: 0, failed: 0, hung: 0, reset: 0, lost: 0 }
  const hanging = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const current: FaultAction = remaining <= 0 ? { kind: 'forward' } : mode.kind === 'choose' ? mode.choose() : mode
      if (current.kind === 'status') {
        remaining--
        counts.failed++
        res.writeHead(current.status, current.headers).end('injected failure')
      } else if (current.kind === 'hang') {
        counts.hung++
        hanging.add(res)
      } else if (current.kind === 'reset') {
        counts.reset++
        req.socket.destroy()
      } else {
        counts.forwarded++
        res.once('close', () => {
          if (!res.writableFinished) counts.lost++
        })
        void forward(target + (req.url ?? '/'), req.method ?? 'POST', req.headers, Buffer.concat(chunks), res)
      }
    })
  })
  const listen = (port: number): Promise<void> => new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  await listen(0)
  const port = (server.address() as AddressInfo).port
  const stop = async (): Promise<void> => {
    for (const res of hanging) res.destroy()
    hanging.clear()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setMode(next) {
      mode = next
      remaining = next.kind === 'status' && next.times !== undefined ? next.times : Infinity
    },
    async refuse() {
      await stop()
      // Let clients see their pooled connections close, so what follows is a clean refusal;
      // reusing a socket the server just closed is an unknown outcome, tested separately.
      await new Promise((resolve) => setTimeout(resolve, 200))
    },
    listen: () => listen(port),
    close: () => (server.listening ? stop() : Promise.resolve()),
  }
}

/** Hop-by-hop and framing headers the proxy's own fetch sets anew. */
const NOT_FORWARDED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive'])

async function forward(url: string, method: string, headers: Record<string, string | string[] | undefined>, body: Buffer, res: ServerResponse): Promise<void> {
  const outgoing: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !NOT_FORWARDED.has(name)) outgoing[name] = value
  }
  try {
    const response = await fetch(url, { method, headers: outgoing, ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(body) }) })
    const back: Record<string, string> = {}
    // fetch has already decoded the body, so its encoding and length no longer apply.
    response.headers.forEach((value, name) => {
      if (!NOT_FORWARDED.has(name) && name !== 'content-encoding') back[name] = value
    })
    res.writeHead(response.status, back).end(Buffer.from(await response.arrayBuffer()))
  } catch {
    res.writeHead(502).end('proxy could not reach the receiver')
  }
}
