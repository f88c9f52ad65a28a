/**
 * `lastcall/adapters/cloudwatch`: CloudWatch metrics as Embedded Metric
 * Format log lines or through PutMetricData.
 * @packageDocumentation
 */
export { cloudwatch, detectMode } from './cloudwatch.js'
export { cloudwatchEmf, type CloudWatchEmfOptions } from './emf.js'
export { resolveCloudWatchOptions, type CloudWatchOptions, type ResolvedCloudWatchOptions } from './options.js'
export { encodeEmf, type EmfResult, type EmfEncodeContext } from './emf-serializer.js'
export { EmfLimits } from './emf-pack.js'
export { defaultEmfWriter } from './emf-writer.js'
export { encodeDatums, MAX_VALUES_PER_DATUM, type DatumsResult } from './api-encoder.js'
export { toRequests, PutMetricDataLimits } from './api-batches.js'
export { CloudWatchUnits, toCloudWatchUnit, isCloudWatchUnit, type CloudWatchUnit } from './units.js'
export { CloudWatchLimits, validateCloudWatchMetricName, validateCloudWatchDimension } from './rules.js'
export type { Drops } from './drops.js'
export type { CloudWatchClientLike, CloudWatchSdk, MetricDatum, PutMetricDataInput } from './sdk.js'
