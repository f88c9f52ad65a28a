/**
 * HTTP API route `GET /orders/{id}`: answers from a tiny in-memory table.
 * The wrapper labels its metrics with the route template, not the path.
 */
import { wrapHandler, type ApiGatewayV2Event } from '../../src/integrations/lambda/index.js'
import { ordersLooked, telemetry } from './telemetry.js'

interface OrderEvent extends ApiGatewayV2Event {
  readonly pathParameters?: { readonly id?: string }
}

const ORDERS: Readonly<Record<string, string>> = { '1': 'shipped', '2': 'packing' }

export const handler = wrapHandler(telemetry, async (event: OrderEvent) => {
  const id = event.pathParameters?.id ?? ''
  // A child span: it lands in this invocation's trace even when invocations overlap.
  const status = await telemetry.tracer.startActiveSpan('load order', async (span) => {
    span.setAttribute('order.id', id)
    await new Promise((resolve) => setTimeout(resolve, 5))
    span.end()
    return ORDERS[id]
  })
  ordersLooked.inc({ result: status === undefined ? 'missing' : 'found' })
  if (status === undefined) return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'no such order' }) }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, status }) }
})
