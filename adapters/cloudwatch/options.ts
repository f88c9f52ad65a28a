/**
 * The options of `cloudwatch()`, checked once when the adapter is made and
 * copied into a frozen resolved form; the caller's object is never kept.
 */
import { OptionsError } from '../../src/index.js'
import type { CloudWatchClientLike, CloudWatchSdk } from './sdk.js'
import { CloudWatchLimits, dimensionNameProblem, namespaceProblem } from './rules.js'
import { isCloudWatchUnit, type CloudWatchUnit } from './units.js'

/** Options of the CloudWatch adapter. Only `namespace` is required. */
export interface CloudWatchOptions {
  /** CloudWatch namespace, e.g. 'Checkout'; not starting with 'AWS/'. */
  readonly namespace: string
  /** 'emf' writes log lines, 'api' calls PutMetricData. Default: 'emf' on Lambda (`AWS_LAMBDA_FUNCTION_NAME` set), else 'api'. */
  readonly mode?: 'emf' | 'api'
  /** Dimension sets, each a list of label names. Default: all labels of each series as one set. */
  readonly dimensions?: readonly (readonly string[])[]
  /** 60 (standard, default) or 1 (high resolution). */
  readonly storageResolution?: 1 | 60
  /** CloudWatch unit per metric name, overriding the unit derived from the instrument's `unit`. */
  readonly units?: Readonly<Record<string, CloudWatchUnit>>
  /** EMF: where each document line goes. Default: stdout (on Lambda under Node a synchronous write to descriptor 1, elsewhere `process.stdout.write`), else `console.log`. */
  readonly write?: (line: string) => void
  /** EMF has no counts: a histogram series writes one value per observation, at most this many per flush (default 1000). */
  readonly maxHistogramValues?: number
  /** API: your CloudWatchClient. Give it `maxAttempts: 1` so the flush deadline, not the SDK, bounds retries. */
  readonly client?: CloudWatchClientLike
  /** API: region of the client the adapter creates (default: the SDK's own lookup, e.g. `AWS_REGION`). */
  readonly region?: string
  /** API: extra configuration for the client the adapter creates (endpoint, credentials, …). */
  readonly clientConfig?: Readonly<Record<string, unknown>>
  /** API: loads the SDK. Default: a dynamic import of '@aws-sdk/client-cloudwatch' that bundlers leave alone. */
  readonly loadSdk?: () => Promise<CloudWatchSdk>
  /** API: datums kept from requests that failed while others succeeded, for the next flush (default 20,000). */
  readonly maxPendingDatums?: number
  /** Adapter name in flush reports (default 'cloudwatch'). */
  readonly name?: string
}

/** Options after validation, with defaults applied. */
export interface ResolvedCloudWatchOptions {
  readonly name: string
  readonly namespace: string
  readonly mode: 'emf' | 'api' | undefined
  readonly dimensions: readonly (readonly string[])[] | undefined
  readonly storageResolution: 1 | 60
  readonly units: ReadonlyMap<string, CloudWatchUnit>
  readonly write: ((line: string) => void) | undefined
  readonly maxHistogramValues: number
  readonly client: CloudWatchClientLike | undefined
  readonly region: string | undefined
  readonly clientConfig: Readonly<Record<string, unknown>>
  readonly loadSdk: (() => Promise<CloudWatchSdk>) | undefined
  readonly maxPendingDatums: number
}

/**
 * Validates `options` and fills in defaults. Throws OptionsError naming the rule.
 * @example resolveCloudWatchOptions({ namespace: 'Checkout' }).storageResolution // 60
 */
export function resolveCloudWatchOptions(options: CloudWatchOptions): ResolvedCloudWatchOptions {
  const fail = (rule: string, message: string): never => {
    throw new OptionsError(rule, `cloudwatch: ${message}`)
  }
  if (typeof options.namespace !== 'string') fail('cloudwatch-namespace', 'namespace is required (CW-2)')
  const namespaceIssue = namespaceProblem(options.namespace)
  if (namespaceIssue !== undefined) fail('cloudwatch-namespace', namespaceIssue)
  if (options.mode !== undefined && options.mode !== 'emf' && options.mode !== 'api') fail('cloudwatch-mode', `mode must be 'emf' or 'api', got ${String(options.mode)}`)
  const resolution = options.storageResolution ?? 60
  if (resolution !== 1 && resolution !== 60) fail('cloudwatch-storage-resolution', `storageResolution must be 1 or 60 (CW-5), got ${String(resolution)}`)
  return Object.freeze({
    name: options.name ?? 'cloudwatch',
    namespace: options.namespace,
    mode: options.mode,
    dimensions: options.dimensions === undefined ? undefined : checkDimensionSets(options.dimensions, fail),
    storageResolution: resolution,
    units: checkUnits(options.units ?? {}, fail),
    write: options.write,
    maxHistogramValues: positiveInteger(options.maxHistogramValues ?? 1000, 'maxHistogramValues', fail),
    client: options.client,
    region: options.region,
    clientConfig: { ...options.clientConfig },
    loadSdk: options.loadSdk,
    maxPendingDatums: positiveInteger(options.maxPendingDatums ?? 20_000, 'maxPendingDatums', fail),
  })
}

type Fail = (rule: string, message: string) => never

function checkDimensionSets(sets: readonly (readonly string[])[], fail: Fail): readonly (readonly string[])[] {
  if (!Array.isArray(sets) || sets.length === 0) fail('cloudwatch-dimensions', 'dimensions must be a non-empty array of dimension sets, e.g. [["route"]]; use [[]] for none (EMF-4)')
  return Object.freeze(
    sets.map((set) => {
      if (!Array.isArray(set)) fail('cloudwatch-dimensions', 'each dimension set must be an array of label names (EMF-4)')
      if (set.length > CloudWatchLimits.dimensionsPerMetric) fail('cloudwatch-dimensions', `a dimension set has ${set.length} names; at most ${CloudWatchLimits.dimensionsPerMetric} (CW-3, EMF-4)`)
      if (new Set(set).size !== set.length) fail('cloudwatch-dimensions', `dimension set ${JSON.stringify(set)} repeats a name`)
      for (const name of set) {
        const problem = dimensionNameProblem(String(name))
        if (problem !== undefined) fail('cloudwatch-dimensions', problem)
      }
      return Object.freeze([...set])
    }),
  )
}

function checkUnits(units: Readonly<Record<string, CloudWatchUnit>>, fail: Fail): ReadonlyMap<string, CloudWatchUnit> {
  const map = new Map<string, CloudWatchUnit>()
  for (const [metric, unit] of Object.entries(units)) {
    if (!isCloudWatchUnit(unit)) fail('cloudwatch-unit', `unit ${JSON.stringify(unit)} for ${metric} is not a CloudWatch unit (CW-6), e.g. 'Seconds', 'Bytes', 'Count', 'None'`)
    map.set(metric, unit)
  }
  return map
}

function positiveInteger(value: number, name: string, fail: Fail): number {
  if (!Number.isInteger(value) || value < 1) fail('cloudwatch-options', `${name} must be a positive integer, got ${String(value)}`)
  return value
}
