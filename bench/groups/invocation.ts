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
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { createTelemetry } from '../../src/index.js'
import { wrapHandler, type LambdaContext } from '../../src/integrations/lambda/index.js'
import { cloudwatchEmf } from '../../adapters/cloudwatch/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'

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

function lastcallCases(): Case[] {
  const telemetry = createTelemetry({
    service: 'bench', env: { AWS_LAMBDA_FUNCTION_NAME: 'bench' },
    adapters: [cloudwatchEmf({ namespace: 'bench', write: () => {} })],
  })
  const orders = telemetry.counter({ name: 'orders_total', help: 'Orders' })
  const handler = wrapHandler(telemetry, async () => {
    orders.inc()
    return { statusCode: 200, body: 'ok' }
  }, { prewarm: false })
  return [
    { id: 'invocation.lambda.emf', lib: 'lastcall', fn: () => handler({}, CONTEXT) },
    { id: 'invocation.lambda.emf.http', lib: 'lastcall', fn: () => handler(HTTP_EVENT, CONTEXT) },
  ]
}

function powertoolsCases(): Case[] {
  const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' })
  ;(metrics as unknown as { console: { log(line: string): void } }).console = { log: () => {} }
  const handler = async (_event: unknown, _context: LambdaContext) => {
    metrics.addMetric('orders', MetricUnit.Count, 1)
    metrics.publishStoredMetrics()
    return { statusCode: 200, body: 'ok' }
  }
  return [
    { id: 'invocation.lambda.emf', lib: 'Powertools', fn: () => handler({}, CONTEXT) },
    { id: 'invocation.lambda.emf.http', lib: 'Powertools', fn: () => handler(HTTP_EVENT, CONTEXT) },
  ]
}

const cases = [...lastcallCases(), ...powertoolsCases()]
if (Number(process.env['BENCH_RUN_INDEX'] ?? 0) % 2 === 1) cases.reverse()
report('invocation', await timeCases(cases))
