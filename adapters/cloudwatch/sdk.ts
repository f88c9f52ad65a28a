/**
 * The slice of `@aws-sdk/client-cloudwatch` the API mode uses, as small
 * structural types of our own: the SDK is an optional peer dependency, so
 * nothing here may import it at load time, and a Worker bundle must not
 * pull it in.
 */
import type { CloudWatchUnit } from './units.js'

/** A MetricDatum as PutMetricData takes it. */
export interface MetricDatum {
  MetricName: string
  Dimensions?: { Name: string; Value: string }[]
  Timestamp: Date
  Unit: CloudWatchUnit
  StorageResolution?: number
  Value?: number
  Values?: number[]
  Counts?: number[]
}

/** The input of one PutMetricData request. */
export interface PutMetricDataInput {
  Namespace: string
  MetricData: MetricDatum[]
}

/** What the adapter needs from a CloudWatchClient: `send` with an abort signal. */
export interface CloudWatchClientLike {
  // `any`: the real client's `send` is generic over every command type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<unknown>
  /** Closes idle sockets; called at shutdown on clients the adapter made. */
  destroy?(): void
}

/** The two exports of `@aws-sdk/client-cloudwatch` the adapter uses. */
export interface CloudWatchSdk {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly CloudWatchClient: new (config: any) => CloudWatchClientLike
  readonly PutMetricDataCommand: new (input: PutMetricDataInput) => unknown
}

// A specifier in a variable: bundlers do not follow it, so a Worker bundle
// never carries the SDK. Users who bundle for Lambda can pass `loadSdk`.
const SDK_MODULE = '@aws-sdk/client-cloudwatch'

/**
 * Imports the SDK at run time.
 * @example const sdk = await importCloudWatchSdk()
 */
export async function importCloudWatchSdk(): Promise<CloudWatchSdk> {
  const specifier: string = SDK_MODULE
  try {
    return (await import(specifier)) as CloudWatchSdk
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`cloudwatch: mode 'api' needs the optional peer dependency ${SDK_MODULE} (npm install ${SDK_MODULE}): ${reason}`)
  }
}
