/**
 * An SQS consumer. Each message's `traceparent` attribute becomes a span
 * link; a failed message is reported back for redelivery, not thrown.
 */
import { wrapHandler, type SqsEvent } from '../../src/integrations/lambda/index.js'
import { jobsProcessed, telemetry } from './telemetry.js'

export const handler = wrapHandler(telemetry, async (event: SqsEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = []
  for (const record of event.Records) {
    if (record.body === 'fail') batchItemFailures.push({ itemIdentifier: record.messageId })
    else jobsProcessed.inc()
  }
  return { batchItemFailures }
})
