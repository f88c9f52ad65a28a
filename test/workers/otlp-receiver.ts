/**
 * A loopback OTLP/HTTP JSON receiver for the Worker tests. It can answer
 * slowly, and records when each export arrived and when it was answered
 * (performance.now() of this process, the same clock the test reads when its
 * own requests get their responses). `/downstream` stands for a service the
 * Worker calls, recording the headers it got.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedExport {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: unknown
  readonly arrivedAt: number
  answeredAt: number
}

export interface ReceivedSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string
  readonly name: string
  readonly kind: number
  readonly attributes: Record<string, unknown>
  readonly status: { code?: number; message?: string }
  /** The export that carried it. */
  readonly export: ReceivedExport
}

export interface OtlpReceiver {
  readonly url: string
  readonly exports: ReceivedExport[]
  readonly downstream: Array<{ headers: IncomingHttpHeaders }>
  /** Delay before answering each export. */
  delayMs: number
  spans(): ReceivedSpan[]
  close(): Promise<void>
}

export async function startOtlpReceiver(delayMs = 0): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = []
  const downstream: Array<{ headers: IncomingHttpHeaders }> = []
  const receiver = { delayMs } as { delayMs: number }
  const server: Server = createServer((request, response) => {
    const arrivedAt = performance.now()
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0] ?? ''
      if (path === '/downstream') {
        downstream.push({ headers: request.headers })
        return void response.writeHead(200, { 'content-type': 'text/plain' }).end('downstream ok')
      }
      const text = Buffer.concat(chunks).toString('utf8')
      const received: ReceivedExport = { path, headers: request.headers, body: text === '' ? undefined : JSON.parse(text), arrivedAt, answeredAt: Number.NaN }
      exports.push(received)
      setTimeout(() => {
        received.answeredAt = performance.now()
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      }, receiver.delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    exports,
    downstream,
    spans: () => exports.filter((e) => e.path === '/v1/traces').flatMap(spansOf),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  })
}

type Json = Record<string, unknown>

/** The resource attributes of one export (its first resource), as plain values. */
export function resourceOf(received: ReceivedExport): Record<string, unknown> {
  const body = received.body as { resourceSpans?: Array<{ resource?: Json }>; resourceMetrics?: Array<{ resource?: Json }> } | undefined
  const resource = (body?.resourceSpans ?? body?.resourceMetrics ?? [])[0]?.resource
  return attributesOf(resource?.['attributes'])
}

function attributesOf(list: unknown): Record<string, unknown> {
  return Object.fromEntries(((list as Array<{ key: string; value: Json }> | undefined) ?? []).map((a) => [a.key, Object.values(a.value)[0]]))
}

function spansOf(received: ReceivedExport): ReceivedSpan[] {
  const body = received.body as { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Json[] }> }> } | undefined
  return (body?.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans ?? []).flatMap((ss) => ss.spans ?? []).map((span) => ({
    traceId: String(span['traceId'] ?? ''),
    spanId: String(span['spanId'] ?? ''),
    parentSpanId: String(span['parentSpanId'] ?? ''),
    name: String(span['name'] ?? ''),
    kind: Number(span['kind'] ?? 0),
    attributes: attributesOf(span['attributes']),
    status: (span['status'] as { code?: number; message?: string } | undefined) ?? {},
    export: received,
  }))
}
