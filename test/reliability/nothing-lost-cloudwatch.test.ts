/**
 * Nothing lost, CloudWatch PutMetricData (the real AWS SDK): a chaos proxy
 * (fixed seed) fails a third of the requests to the loopback CloudWatch
 * (503, reset, hang until the deadline) while a fleet serves thousands of
 * invocations. What failed is carried into the next flush; what arrived is
 * never sent again. After the proxy heals and one more flush per instance,
 * the datums received add up to the ground truth: counts and buckets
 * exactly, sums up to the rounding of the representative values.
 *
 * The same precautions as the OTLP delta suite keep answers away from the
 * deadline (see nothing-lost-otlp-delta.test.ts): delivery is at least once.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { FakeCloudWatch } from '../cloudwatch/fake-cloudwatch.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { AWS_CREDENTIALS } from './support/targets.js'
import { chaosRun, cloudwatchSums, expectDelivered } from './support/delta-sums.js'

describe('nothing lost: chaos in front of CloudWatch PutMetricData', () => {
  let fake: FakeCloudWatch
  let proxy: FaultProxy

  beforeAll(async () => {
    fake = await new FakeCloudWatch().start()
    proxy = await startFaultProxy(fake.endpoint)
    // Loaded before the chaos starts: the first flush must not spend its deadline importing the SDK.
    await import('@aws-sdk/client-cloudwatch')
  })
  afterAll(async () => {
    await proxy?.close()
    await fake?.stop()
  })

  it('the datums received add up to the ground truth after a third of the requests failed at random', async () => {
    const fleet = await chaosRun('cloudwatch', proxy, 20260202, () =>
      cloudwatch({ mode: 'api', namespace: 'Chaos', region: 'us-east-1', clientConfig: { endpoint: proxy.url, credentials: AWS_CREDENTIALS } }))
    expectDelivered(cloudwatchSums(fake.delivered), fleet.truth, false, proxy.counts.lost)
  }, 120_000)
})
