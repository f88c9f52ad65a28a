// Powertools metrics loaded from node_modules, as a Lambda zip without a bundler ships it.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' })
export const handler = async () => {
  metrics.addMetric('orders', MetricUnit.Count, 1)
  metrics.publishStoredMetrics()
  return { statusCode: 200, body: 'ok' }
}
