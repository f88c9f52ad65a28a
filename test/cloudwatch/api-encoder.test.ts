import { describe, expect, it } from 'vitest'
import { encodeDatums, resolveCloudWatchOptions, toRequests, type MetricDatum } from '../../adapters/cloudwatch/index.js'
import { datumBytes } from '../../adapters/cloudwatch/api-batches.js'
import { classifySdkError } from '../../adapters/cloudwatch/api-errors.js'
import { batchOf, counter, gauge, numberPoint } from './batches.js'

const options = resolveCloudWatchOptions({ namespace: 'Checkout', mode: 'api', dimensions: [['route'], ['route', 'status'], []] })

describe('PutMetricData encoder', () => {
  it('writes one datum per dimension set, merging series with equal dimensions', () => {
    const { datums } = encodeDatums(batchOf([counter('requests_total', [
      numberPoint({ route: '/a', status: '200' }, 2),
      numberPoint({ route: '/a', status: '500' }, 1),
      numberPoint({ route: '/b', status: '200' }, 4),
    ])]), options)
    const view = datums.map((d) => [d.Dimensions?.map((x) => `${x.Name}=${x.Value}`).join(',') ?? '', d.Value])
    expect(view).toEqual(expect.arrayContaining([['route=/a', 3], ['route=/b', 4], ['route=/a,status=200', 2], ['route=/a,status=500', 1], ['route=/b,status=200', 4], ['', 7]]))
    expect(datums).toHaveLength(6)
  })

  it('sends merged gauges as Values, a lone gauge as Value', () => {
    const { datums } = encodeDatums(batchOf([gauge('inflight', [numberPoint({ route: '/a', pod: '1' }, 2), numberPoint({ route: '/a', pod: '2' }, 2), numberPoint({ route: '/b', pod: '1' }, 5)])]),
      resolveCloudWatchOptions({ namespace: 'N', dimensions: [['route']] }))
    expect(datums.map((d) => [d.Dimensions![0]!.Value, d.Value, d.Values, d.Counts])).toEqual([['/a', undefined, [2], [2]], ['/b', 5, undefined, undefined]])
  })

  it('splits requests at 1000 datums and at 1 MB, whatever comes first', () => {
    const small: MetricDatum = { MetricName: 'a', Timestamp: new Date(), Unit: 'Count', Value: 1 }
    expect(toRequests('N', Array.from({ length: 2_001 }, () => small)).map((r) => r.MetricData.length)).toEqual([1000, 1000, 1])
    const dimensions = Array.from({ length: 30 }, (_, i) => ({ Name: `dimension_${i}`, Value: 'v'.repeat(1024) }))
    const big: MetricDatum = { MetricName: 'b'.repeat(255), Dimensions: dimensions, Timestamp: new Date(), Unit: 'Seconds', Values: Array.from({ length: 150 }, (_, i) => i / 7), Counts: Array(150).fill(12345) }
    const requests = toRequests('N', Array.from({ length: 100 }, () => big))
    expect(requests.length).toBeGreaterThan(1)
    for (const request of requests) {
      expect(request.MetricData.reduce((n, d) => n + datumBytes(d), 0)).toBeLessThanOrEqual(1_000_000)
      // The bound covers the JSON the current SDK sends.
      expect(JSON.stringify(request).length).toBeLessThan(1_000_000)
    }
  })
})

describe('SDK error classification', () => {
  const error = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields['message'] ?? 'x')), fields)
  it.each([
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, true],
    [{ name: 'Unknown', $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'InternalServiceFault', $metadata: { httpStatusCode: 500 } }, true],
    [{ name: 'Unknown', $metadata: { httpStatusCode: 503 } }, true],
    [{ name: 'Error', code: 'ECONNRESET' }, true],
    [{ name: 'TimeoutError' }, true],
    [{ name: 'Custom', $retryable: { throttling: false } }, true],
    [{ name: 'InvalidParameterValueException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'MissingRequiredParameterException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'InvalidParameterCombinationException', $metadata: { httpStatusCode: 400 } }, false],
    [{ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }, false],
    [{ name: 'Error', message: 'Region is missing' }, false],
  ])('%j → retryable %s', (fields, retryable) => expect(classifySdkError(error(fields)).retryable).toBe(retryable))

  it('honours Retry-After on throttling and keeps messages short', () => {
    const throttled = error({ name: 'Throttling', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 }, $response: { headers: { 'retry-after': '2' } } })
    expect(classifySdkError(throttled)).toEqual({ ok: false, retryable: true, status: 400, message: 'Throttling: Rate exceeded', retryAfterMs: 2000 })
    expect(classifySdkError(error({ name: 'X', message: 'y'.repeat(1000) })).message.length).toBeLessThan(300)
  })
})
