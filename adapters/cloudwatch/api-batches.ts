/**
 * Splits datums into PutMetricData requests within CloudWatch's limits:
 * at most 1000 datums and 1 MB per request (CW-1). The size is an upper
 * bound over both wire protocols the SDK has used: the query (form) encoding
 * is the larger one, so a request that fits it also fits as JSON, and the
 * bound holds before gzip (whether the 1 MB counts before or after
 * compression is not documented).
 */
import type { MetricDatum, PutMetricDataInput } from './sdk.js'

/** PutMetricData's request limits. */
export const PutMetricDataLimits = {
  datumsPerRequest: 1000,
  // 1 MB, less headroom for the envelope (Action, Version, Namespace).
  requestBytes: 1_000_000,
} as const

// "MetricData.member.1000." and the "&" after a field.
const MEMBER_PREFIX = 24
const ISO_TIMESTAMP = 24

/**
 * Splits `datums` into requests for `namespace`.
 * @example toRequests('Checkout', datums).length // 3 for 2,500 small datums
 */
export function toRequests(namespace: string, datums: readonly MetricDatum[], limits = PutMetricDataLimits): PutMetricDataInput[] {
  const envelope = 64 + encodeURIComponent(namespace).length
  const requests: PutMetricDataInput[] = []
  let current: MetricDatum[] = []
  let bytes = envelope
  for (const datum of datums) {
    const size = datumBytes(datum)
    if (current.length > 0 && (current.length === limits.datumsPerRequest || bytes + size > limits.requestBytes)) {
      requests.push({ Namespace: namespace, MetricData: current })
      current = []
      bytes = envelope
    }
    current.push(datum)
    bytes += size
  }
  if (current.length > 0) requests.push({ Namespace: namespace, MetricData: current })
  return requests
}

/** An upper bound of a datum's encoded size in either protocol. */
export function datumBytes(datum: MetricDatum): number {
  const field = (name: string, value: string): number => MEMBER_PREFIX + name.length + 1 + encodeURIComponent(value).length
  let bytes = field('MetricName', datum.MetricName) + MEMBER_PREFIX + 'Timestamp='.length + ISO_TIMESTAMP + field('Unit', datum.Unit)
  if (datum.StorageResolution !== undefined) bytes += field('StorageResolution', String(datum.StorageResolution))
  if (datum.Value !== undefined) bytes += field('Value', String(datum.Value))
  for (const dimension of datum.Dimensions ?? []) {
    bytes += field('Dimensions.member.30.Name', dimension.Name) + field('Dimensions.member.30.Value', dimension.Value)
  }
  for (const value of datum.Values ?? []) bytes += field('Values.member.150', String(value))
  for (const count of datum.Counts ?? []) bytes += field('Counts.member.150', String(count))
  return bytes
}
