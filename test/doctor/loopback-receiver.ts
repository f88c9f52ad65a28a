/**
 * A loopback HTTP receiver for the doctor's tests, answering from a
 * function of the request: an OTLP/HTTP collector (200 on /v1/metrics and
 * /v1/traces, 404 elsewhere), one that checks credentials and echoes
 * them in its error (as careless servers do), or one that never answers.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly bytes: number
}

/** An answer; `undefined` holds the request open until the receiver closes. */
export type Answer = { readonly status: number; readonly body?: string; readonly contentType?: string } | undefined

export interface LoopbackReceiver {
  readonly url: string
  readonly received: ReceivedRequest[]
  close(): Promise<void>
}

/** OTLP/HTTP as a collector serves it; an empty ExportResponse is an empty body. */
export const otlpCollector = (request: ReceivedRequest): Answer =>
  request.method === 'POST' && (request.path === '/v1/metrics' || request.path === '/v1/traces')
    ? { status: 200, body: '', contentType: request.headers['content-type'] ?? 'application/x-protobuf' }
    : { status: 404, body: '404 page not found' }

/** Wants `authorization: expected`; a wrong one is rejected and echoed back. */
export const requireAuthorization = (expected: string) => (request: ReceivedRequest): Answer => {
  const sent = request.headers['authorization']
  if (sent === expected) return otlpCollector(request)
  return { status: 401, body: `invalid credentials: authorization=${sent ?? '(none)'}` }
}

/**
 * Starts a receiver on a free loopback port.
 * @example const receiver = await startReceiver(otlpCollector)
 */
export async function startReceiver(answer: (request: ReceivedRequest) => Answer): Promise<LoopbackReceiver> {
  const received: ReceivedRequest[] = []
  const held = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    let bytes = 0
    req.on('data', (chunk: Buffer) => { bytes += chunk.length })
    req.on('end', () => {
      const request = { method: req.method ?? '', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, bytes }
      received.push(request)
      const reply = answer(request)
      if (reply === undefined) return void held.add(res)
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain' }).end(reply.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async close() {
      for (const res of held) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
