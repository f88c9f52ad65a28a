/**
 * Fault injection for CloudWatch: PutMetricData through the real
 * @aws-sdk/client-cloudwatch (throttling, 5xx and network failures retried,
 * other 4xx not; CW-8, CW-9), and EMF, whose only failure is a write that throws.
 */
import { describe, expect, it } from 'vitest'
import { cloudwatch } from '../../adapters/cloudwatch/index.js'
import { ADDED_TIME_MARGIN_MS, defineFaultSuite, FAULT_FLUSH_TIMEOUT_MS, recordReports } from './support/fault-suite.js'
import { cloudwatchApiTarget } from './support/targets.js'
import { faultTelemetry, flushFailures, HANDLER_ERROR, HANDLER_RESULT, viaHono, viaLambda, type Behaviour } from './support/wrapped-runs.js'

defineFaultSuite(cloudwatchApiTarget)

describe('cloudwatch EMF when stdout fails', () => {
  const writers: Record<string, () => (line: string) => void> = {
    'every write throws (EPIPE)': () => () => { throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) },
    'the second write throws': () => {
      let calls = 0
      return () => { if (++calls === 2) throw new Error('write EAGAIN') }
    },
  }
  for (const [name, makeWriter] of Object.entries(writers)) {
    for (const host of ['lambda', 'hono'] as const) {
      for (const behaviour of ['returns', 'throws'] as Behaviour[]) {
        it(`${name}: the ${host} handler that ${behaviour} is untouched and the failure is counted`, async () => {
          const telemetry = faultTelemetry(cloudwatch({ mode: 'emf', namespace: 'Reliability', name: 'emf', write: makeWriter() }), FAULT_FLUSH_TIMEOUT_MS)
          // Two values of one dimension cannot share a document, so the flush writes at least two.
          const split = telemetry.counter({ name: 'split_total', help: 'Two series that need two documents', labelNames: ['part'] })
          split.inc({ part: 'a' })
          split.inc({ part: 'b' })
          const reports = recordReports(telemetry)
          const run = host === 'lambda' ? await viaLambda(telemetry, behaviour) : await viaHono(telemetry, behaviour)
          if (host === 'lambda') expect(behaviour === 'returns' ? run.value : run.error).toBe(behaviour === 'returns' ? HANDLER_RESULT : HANDLER_ERROR)
          else expect((run as Awaited<ReturnType<typeof viaHono>>).answer.status).toBe(behaviour === 'returns' ? 200 : 500)
          expect(run.addedMs).toBeLessThanOrEqual(FAULT_FLUSH_TIMEOUT_MS + ADDED_TIME_MARGIN_MS)
          const outcome = reports[0]?.adapters[0]
          // Nothing out yet: the engine keeps the delta for the next flush. Some out: the rest is reported lost, never re-sent twice.
          const lost = name.startsWith('every') ? /EMF write failed after 0 of \d+ documents: write EPIPE$/ : /EMF write failed after 1 of \d+ documents: write EAGAIN; \d+ documents lost/
          expect(outcome).toMatchObject({ ok: false, timedOut: false, message: expect.stringMatching(lost) })
          expect(flushFailures(telemetry, 'emf')).toBe(1)
        })
      }
    }
  }
})
