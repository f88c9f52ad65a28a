/**
 * A loopback HTTP server that answers each request from a script: a
 * status with headers and body, a hang (never answers), or a reset. Used
 * to prove retry rules and deadlines against a real socket.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  | { readonly hang: true }
  | { readonly reset: true }

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
  script(replies: readonly Reply[]): void
  close(): Promise<void>
}

/**
 * Starts a scripted server on a free loopback port.
 * @example const server = await startScriptedServer([{ status: 500 }, { status: 204 }])
 */
export async function startScriptedServer(replies: readonly Reply[] = [{ status: 204 }]): Promise<ScriptedServer> {
  let script = replies
  let index = 0
  const received: ReceivedRequest[] = []
  const hanging = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: performance.now() })
      const reply = script[Math.min(index++, script.length - 1)] ?? { status: 204 }
      if ('hang' in reply) return void hanging.add(res)
      if ('reset' in reply) return void req.socket.destroy()
      res.writeHead(reply.status, reply.headers)
      res.end(reply.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(next) {
      script = next
      index = 0
    },
    async close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A loopback port with nothing listening: bound, then released. */
export async function refusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
