// The Lambda handler of lastcall-lambda-emf.ts with `prewarm: false`: init does not run the synthetic invocation.
import { createTelemetry } from 'lastcall'
import { wrapHandler } from 'lastcall/lambda'
import { cloudwatchEmf } from 'lastcall/adapters/cloudwatch'

const telemetry = createTelemetry({ service: 'bench', adapters: [cloudwatchEmf({ namespace: 'bench' })] })
const orders = telemetry.counter({ name: 'orders_total', help: 'Orders' })
export const handler = wrapHandler(telemetry, async () => {
  orders.inc()
  return { statusCode: 200, body: 'ok' }
}, { prewarm: false })
