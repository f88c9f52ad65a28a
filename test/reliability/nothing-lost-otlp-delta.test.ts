/**
 * Nothing lost, OTLP with delta temporality: a chaos proxy (fixed seed)
 * fails a third of the requests to a loopback OTLP receiver (503, reset,
 * hang until the deadline) while a fleet serves thousands of invocations.
 * A delta that failed is carried into the next flush; one that arrived is
 * never sent again. After the proxy heals and one more flush per instance,
 * the sum of every delta point received equals the ground truth exactly.
 *
 * Delta over HTTP is at least once: a request the backend took but whose
 * answer came after the deadline is sent again (OTLP accepts such
 * duplicates, OT-9). This suite measures everything else, so it keeps
 * answers away from the deadline: each instance serves its invocations one
 * after another, as a Lambda instance does, so no flush queues behind
 * another with a shortened budget; the deadline (3 s) is far more than a
 * loopback round trip needs even on a loaded machine, and retries end far
 * inside it, so only a hang reaches it, which the proxy never forwards.
 * Hangs are one failure in five here, since each costs a whole deadline.
 * The proxy counts answers that were lost anyway (a starved machine), so
 * such a run fails with that reason, not with a puzzling sum.
 */
import { afterAll, beforeAll, describe, it } from 'vitest'
import { otlp } from '../../adapters/otlp/index.js'
import { startReceiver, type Receiver } from '../otlp/receiver.js'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js'
import { chaosRun, expectDelivered, otlpSums } from './support/delta-sums.js'

describe('nothing lost: chaos in front of an OTLP receiver, delta temporality', () => {
  let receiver: Receiver
  let proxy: FaultProxy

  beforeAll(async () => {
    receiver = await startReceiver()
    proxy = await startFaultProxy(receiver.url)
  })
  afterAll(async () => {
    await proxy?.close()
    await receiver?.stop()
  })

  it('the delta points received add up to the ground truth after a third of the requests failed at random', async () => {
    const fleet = await chaosRun('otlp_delta', proxy, 20260201, () => otlp({ endpoint: proxy.url, temporality: 'delta', encoding: 'json', signals: 'metrics' }))
    expectDelivered(otlpSums(receiver), fleet.truth, true, proxy.counts.lost)
  }, 120_000)
})
