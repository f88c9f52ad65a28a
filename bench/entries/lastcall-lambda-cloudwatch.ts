// A Lambda handler: lastcall/lambda plus cloudwatch() in EMF mode, which also carries the PutMetricData side.
import { createTelemetry } from 'lastcall'
import { wrapHandler } from 'lastcall/lambda'
import { cloudwatch } from 'lastcall/adapters/cloudwatch'

const telemetry = createTelemetry({ service: 'bench', adapters: [cloudwatch({ namespace: 'bench', mode: 'emf' })] })
const orders = telemetry.counter({ name: 'orders_total', help: 'Orders' })
export const handler = wrapHandler(telemetry, async () => {
  orders.inc()
  return { statusCode: 200, body: 'ok' }
})
