/**
 * A loopback proxy in front of a real receiver that can be told to fail:
 * answer a status (with headers) without forwarding, hang, or stop
 * listening so connections are refused. Used to prove that after the
 * backend recovers the totals in Prometheus are exact.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FaultMode =
  | { readonly kind: 'forward' }
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Record<string, string>; readonly times?: number }
  | { readonly kind: 'hang' }

export interface FaultProxy {
  readonly url: string
  /** Requests seen, by outcome. */
  readonly counts: { forwarded: number; failed: number; hung: number }
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
  const counts = { forwarded: 0, failed: 0, hung: 0 }
  const hanging = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const current = remaining > 0 ? mode : { kind: 'forward' as const }
      if (current.kind === 'status') {
        remaining--
        counts.failed++
        res.writeHead(current.status, current.headers).end('injected failure')
      } else if (current.kind === 'hang') {
        counts.hung++
        hanging.add(res)
      } else {
        counts.forwarded++
        void forward(target + (req.url ?? '/'), req.headers, Buffer.concat(chunks), res)
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

async function forward(url: string, headers: Record<string, string | string[] | undefined>, body: Buffer, res: ServerResponse): Promise<void> {
  const outgoing: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && name !== 'host' && name !== 'content-length' && name !== 'connection') outgoing[name] = value
  }
  try {
    const response = await fetch(url, { method: 'POST', headers: outgoing, body })
    res.writeHead(response.status).end(Buffer.from(await response.arrayBuffer()))
  } catch {
    res.writeHead(502).end('proxy could not reach the receiver')
  }
}
