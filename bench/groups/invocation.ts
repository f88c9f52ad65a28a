/**
 * A warm Lambda invocation with CloudWatch EMF, as a user writes it: lastcall's
 * `wrapHandler` around a handler that increments one counter, flushing through
 * `cloudwatchEmf`; Powertools' `Metrics` with `addMetric` and
 * `publishStoredMetrics` in the handler. Both write their lines to a sink that
 * keeps nothing, so the figure is the libraries' CPU, not stdout's.
 * lastcall does more per invocation than Powertools is asked to: an invocation
 * span, `faas_invocations_total`, `faas_invocation_duration_seconds`, its own
 * flush-duration histogram, a flush under a deadline. Two events: `{}` (trigger
 * `other`) and an HTTP API request, which adds the `http_*` metrics and
 * attributes; Powertools does the same work for both.
 * Beside the CPU: the EMF bytes one warm invocation writes to the log (what
 * CloudWatch Logs bills as ingestion), counted in a separate sink that keeps them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { createTelemetry } from '../../src/index.js'
import { wrapHandler, type LambdaContext } from '../../src/integrations/lambda/index.js'
import { cloudwatchEmf } from '../../adapters/cloudwatch/index.js'
import { timeCases, report, type Case, type Figure } from '../lib/measure.js'

const CONTEXT: LambdaContext = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench', logGroupName: '/aws/lambda/bench', logStreamName: 'warm',
  getRemainingTimeInMillis: () => 3000,
} as LambdaContext

const HTTP_EVENT = {
  version: '2.0', routeKey: 'GET /orders/{id}', rawPath: '/orders/1', rawQueryString: '', headers: { 'user-agent': 'bench' },
  requestContext: { http: { method: 'GET', path: '/orders/1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'r', routeKey: 'GET /orders/{id}', stage: '$default', timeEpoch: 1_700_000_000_000 },
  isBase64Encoded: false,
}

type Handler = (event: unknown, context: LambdaContext) => Promise<unknown>

function lastcallHandler(write: (line: string) => void): Handler {
  const telemetry = createTelemetry({
    service: 'bench', env: { AWS_LAMBDA_FUNCTION_NAME: 'bench' },
    adapters: [cloudwatchEmf({ namespace: 'bench', write })],
  })
  const orders = telemetry.counter({ name: 'orders_total', help: 'Orders' })
  return wrapHandler(telemetry, async () => {
    orders.inc()
    return { statusCode: 200, body: 'ok' }
  }, { prewarm: false })
}

function powertoolsHandler(log: (line: string) => void): Handler {
  const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' })
  ;(metrics as unknown as { console: { log(line: string): void } }).console = { log }
  return async (_event: unknown, _context: LambdaContext) => {
    metrics.addMetric('orders', MetricUnit.Count, 1)
    metrics.publishStoredMetrics()
    return { statusCode: 200, body: 'ok' }
  }
}

function lastcallCases(): Case[] {
  const handler = lastcallHandler(() => {})
  return [
    { id: 'invocation.lambda.emf', lib: 'lastcall', fn: () => handler({}, CONTEXT) },
    { id: 'invocation.lambda.emf.http', lib: 'lastcall', fn: () => handler(HTTP_EVENT, CONTEXT) },
  ]
}

function powertoolsCases(): Case[] {
  const handler = powertoolsHandler(() => {})
  return [
    { id: 'invocation.lambda.emf', lib: 'Powertools', fn: () => handler({}, CONTEXT) },
    { id: 'invocation.lambda.emf.http', lib: 'Powertools', fn: () => handler(HTTP_EVENT, CONTEXT) },
  ]
}

/**
 * The log bytes of the third warm invocation of each event (the first ones
 * carry the cold start), one newline per line as Lambda's stdout adds it.
 */
async function logBytes(): Promise<Figure[]> {
  const figures: Figure[] = []
  const makers: [string, (write: (line: string) => void) => Handler][] = [['lastcall', lastcallHandler], ['Powertools', powertoolsHandler]]
  for (const [lib, make] of makers) {
    for (const [id, event] of [['invocation.lambda.emf.bytes', {}], ['invocation.lambda.emf.http.bytes', HTTP_EVENT]] as const) {
      let lines: string[] = []
      const handler = make((line) => lines.push(line))
      for (let i = 0; i < 2; i++) await handler(event, CONTEXT)
      lines = []
      await handler(event, CONTEXT)
      const value = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0)
      figures.push({ id, lib, unit: 'bytes', value, detail: { lines: lines.length } })
    }
  }
  return figures
}

const cases = [...lastcallCases(), ...powertoolsCases()]
if (Number(process.env['BENCH_RUN_INDEX'] ?? 0) % 2 === 1) cases.reverse()
report('invocation', [...await timeCases(cases), ...await logBytes()])
