// Powertools metrics: one metric published from a Lambda handler.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'

const metrics = new Metrics({ namespace: 'bench', serviceName: 'bench' })
export const handler = async () => {
  metrics.addMetric('orders', MetricUnit.Count, 1)
  metrics.publishStoredMetrics()
  return { statusCode: 200, body: 'ok' }
}
