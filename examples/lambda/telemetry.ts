/**
 * The telemetry both example functions share: one per container, created at
 * init, with adapters chosen from the variables serverless.yml passes on.
 */
import { createTelemetry, hostEnv } from '../../src/index.js'
import { adaptersFromEnv } from '../shared/adapters-from-env.js'

export const telemetry = createTelemetry({
  service: 'lastcall-lambda-example',
  adapters: adaptersFromEnv(hostEnv(), { console: { format: 'json' } }),
})

/** A business metric next to the ones the wrapper records. */
export const ordersLooked = telemetry.counter({ name: 'orders_looked_up_total', help: 'Order look-ups, by result.', labelNames: ['result'] })

/** Jobs processed from the queue. */
export const jobsProcessed = telemetry.counter({ name: 'jobs_processed_total', help: 'Queue messages processed.' })
