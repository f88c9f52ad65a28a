/**
 * A loopback HTTP server that answers each request from a script: a
 * status with headers and body, a hang (never answers), a reset, or one of
 * the broken answers real networks produce (a response dribbled byte by
 * byte, a response cut off mid-body, bytes that are not HTTP). Used to
 * prove retry rules and deadlines against a real socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A well-formed answer; `body` may be computed from the request (e.g. to echo its headers). */
export interface StatusReply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string | ((request: ReceivedRequest) => string)
}

export type Reply =
  | StatusReply
  | { readonly hang: true }
  | { readonly reset: true }
  /** The whole response, one byte every `intervalMs` (default 50): slower than any flush deadline. */
  | { readonly slow: StatusReply; readonly intervalMs?: number }
  /** Status line, headers and half the declared body, then the connection closes. */
  | { readonly cut: StatusReply }
  /** Bytes that are not an HTTP response, then the connection closes. */
  | { readonly garbage: true }

/** A script entry: a reply, or a function choosing one per request. */
export type ScriptEntry = Reply | ((request: ReceivedRequest, index: number) => Reply)

export interface ReceivedRequest {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
  readonly at: number
}

export interface ScriptedServer {
  readonly url: string
  readonly received: ReceivedRequest[]
  /** Replaces the script; `replies[i]` answers request i of the new script, the last one repeats. */
  script(replies: readonly ScriptEntry[]): void
  close(): Promise<void>
}

export interface ScriptedServerOptions {
  /** Count script positions per request path, so concurrent requests to two paths (OTLP) each get the whole script. */
  readonly perPath?: boolean
}

/**
 * Starts a scripted server on a free loopback port.
 * @example const server = await startScriptedServer([{ status: 500 }, { status: 204 }])
 */
export async function startScriptedServer(replies: readonly ScriptEntry[] = [{ status: 204 }], options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  let script = replies
  let indices = new Map<string, number>()
  const received: ReceivedRequest[] = []
  const hanging = new Set<ServerResponse>()
  const timers = new Set<ReturnType<typeof setInterval>>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: performance.now() }
      received.push(request)
      const slot = options.perPath === true ? (req.url ?? '').split('?')[0] ?? '' : ''
      const index = indices.get(slot) ?? 0
      indices.set(slot, index + 1)
      const entry = script[Math.min(index, script.length - 1)] ?? { status: 204 }
      const reply = typeof entry === 'function' ? entry(request, index) : entry
      answer(reply, request, req.socket, res, hanging, timers)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(next) {
      script = next
      indices = new Map()
    },
    async close() {
      for (const timer of timers) clearInterval(timer)
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function answer(reply: Reply, request: ReceivedRequest, socket: Socket, res: ServerResponse, hanging: Set<ServerResponse>, timers: Set<ReturnType<typeof setInterval>>): void {
  if ('hang' in reply) return void hanging.add(res)
  if ('reset' in reply) return void socket.destroy()
  // The broken answers bypass node:http and write to the socket itself, as a faulty peer would.
  if ('garbage' in reply) return void socket.end('\u0000\u00ff not http at all \u0007\r\n\r\n')
  if ('cut' in reply) {
    const raw = rawResponse(reply.cut, request)
    return void socket.end(raw.subarray(0, raw.length - Math.ceil(bodyOf(reply.cut, request).length / 2)), () => socket.destroy())
  }
  if ('slow' in reply) return dribble(rawResponse(reply.slow, request), socket, reply.intervalMs ?? 50, timers)
  res.writeHead(reply.status, reply.headers)
  res.end(bodyOf(reply, request))
}

function bodyOf(reply: StatusReply, request: ReceivedRequest): Buffer {
  const body = typeof reply.body === 'function' ? reply.body(request) : reply.body ?? ''
  return Buffer.from(body)
}

function rawResponse(reply: StatusReply, request: ReceivedRequest): Buffer {
  const body = bodyOf(reply, request)
  const headers = { 'content-length': String(body.length), connection: 'close', ...reply.headers }
  const head = [`HTTP/1.1 ${reply.status} Status`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n')
  return Buffer.concat([Buffer.from(head), body])
}

function dribble(bytes: Buffer, socket: Socket, intervalMs: number, timers: Set<ReturnType<typeof setInterval>>): void {
  let at = 0
  const timer = setInterval(() => {
    if (socket.destroyed || at >= bytes.length) {
      clearInterval(timer)
      timers.delete(timer)
      if (!socket.destroyed) socket.end()
      return
    }
    socket.write(bytes.subarray(at, ++at))
  }, intervalMs)
  timers.add(timer)
}

/** A loopback port with nothing listening: bound, then released. */
export async function refusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
