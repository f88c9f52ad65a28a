/** Known trace ids for requests the Worker tests send, so each test finds its own spans. */
import { randomBytes } from 'node:crypto'

export interface SentTrace {
  readonly traceId: string
  readonly parentId: string
  readonly headers: { traceparent: string }
}

export function newTrace(): SentTrace {
  const traceId = randomBytes(16).toString('hex')
  const parentId = randomBytes(8).toString('hex')
  return { traceId, parentId, headers: { traceparent: `00-${traceId}-${parentId}-01` } }
}

/** Polls `find` until it returns something or `timeoutMs` passes. */
export async function eventually<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = find()
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`nothing found within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
