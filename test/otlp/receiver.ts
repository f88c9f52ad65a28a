/**
 * A loopback OTLP/HTTP receiver for the tests: node:http on 127.0.0.1 and a
 * free port, gunzip with node:zlib, and an independent decode of every
 * request (protobufjs with the test's own schema, or JSON.parse). Replies
 * come from a script the test sets; by default 200 with an empty body.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { decodeProto, otlpTypes, type Decoded } from './otlp-proto.js'

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  /** Body after gunzip when Content-Encoding is gzip. */
  readonly raw: Uint8Array
  readonly compressedBytes: number
  /** The decoded ExportTraceServiceRequest or ExportMetricsServiceRequest. */
  readonly decoded: Decoded
}

/** What to answer. */
export interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: Uint8Array | string
}

export interface Receiver {
  readonly url: string
  readonly requests: ReceivedRequest[]
  /** Requests to one path. */
  to(path: string): ReceivedRequest[]
  /** Sets the reply for each next request in turn; after the list runs out, 200. */
  reply(...replies: (Reply | ((request: ReceivedRequest) => Reply))[]): void
  stop(): Promise<void>
}

function decode(path: string, contentType: string, raw: Uint8Array): Decoded {
  if (raw.length === 0) return undefined
  if (contentType.includes('json')) return JSON.parse(Buffer.from(raw).toString('utf8'))
  return decodeProto(path.includes('metrics') ? otlpTypes.metrics : otlpTypes.traces, raw)
}

/** Starts a receiver on a free 127.0.0.1 port. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = []
  let script: (Reply | ((request: ReceivedRequest) => Reply))[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body
      const path = req.url ?? '/'
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        raw: new Uint8Array(raw),
        compressedBytes: body.length,
        decoded: decode(path, String(req.headers['content-type'] ?? ''), raw),
      }
      requests.push(request)
      const next = script.shift() ?? { status: 200 }
      const reply = typeof next === 'function' ? next(request) : next
      res.writeHead(reply.status, reply.headers ?? {})
      res.end(reply.body === undefined ? undefined : Buffer.from(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    reply: (...replies) => {
      script = replies
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
