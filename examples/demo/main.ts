/**
 * `npm start`: the main job. A Hono app served in-process gets a burst of
 * requests; each request is flushed through the console adapter (and to any
 * backend named by LASTCALL_REMOTE_WRITE_URL, LASTCALL_PUSHGATEWAY_URL,
 * OTEL_EXPORTER_OTLP_ENDPOINT or LASTCALL_CLOUDWATCH_NAMESPACE); then a summary.
 */
import { createTelemetry, type FlushReport } from '../../src/index.js'
import { consoleAdapter } from '../../adapters/console/index.js'
import { adaptersFromEnv, describeAdapterEnv } from '../shared/adapters-from-env.js'
import { createShop, seeded } from './app.js'
import { printSummary, type Outcome } from './summary.js'

const REQUESTS = 40
const CONCURRENCY = 4

let flushes = 0
const printed = (text: string): void => {
  flushes++
  // The first flush in full shows what one looks like; then one line per request, and the closing flush in full.
  console.log(flushes === 1 || flushes > REQUESTS ? text : (text.split('\n')[0] as string))
}

const remote = adaptersFromEnv(process.env).filter((adapter) => adapter.name !== 'console')
const telemetry = createTelemetry({
  service: 'demo-shop',
  adapters: [consoleAdapter({ write: printed }), ...remote],
  logLevel: 'warn',
})
const random = seeded(42)
const app = createShop(telemetry, random)

console.log(`lastcall demo: ${REQUESTS} requests to an in-process Hono app; backends: ${describeAdapterEnv(process.env)}\n`)

function nextRequest(): Request {
  const roll = random()
  if (roll < 0.55) return new Request(`http://demo.local/products/${Math.floor(random() * 100)}`)
  if (roll < 0.9) return new Request('http://demo.local/checkout', { method: 'POST', body: '{}' })
  return new Request('http://demo.local/health')
}

const outcomes: Outcome[] = []
const queue = Array.from({ length: REQUESTS }, nextRequest)
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  for (let request = queue.shift(); request !== undefined; request = queue.shift()) {
    const started = performance.now()
    const response = await app.fetch(request)
    outcomes.push({ path: new URL(request.url).pathname, status: response.status, ms: performance.now() - started })
  }
}))

const final: FlushReport = await telemetry.flush()
printSummary(telemetry, outcomes, final)
