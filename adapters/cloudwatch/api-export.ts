/**
 * API mode: PutMetricData through the AWS SDK, loaded on first use. Each
 * request goes through the flush's retry loop with the deadline's abort
 * signal, so throttling and 5xx answers are retried only while the flush
 * budget lasts. What failed is handed back as described in `outcome()`.
 */
import type { AttemptResult, ExportBatch, ExportContext, ExportOutcome, RetryResult } from '../../src/index.js'
import { toRequests } from './api-batches.js'
import { encodeDatums } from './api-encoder.js'
import { classifySdkError } from './api-errors.js'
import { DropReasons, type Drops } from './drops.js'
import type { ResolvedCloudWatchOptions } from './options.js'
import { PendingDatums } from './pending-datums.js'
import { importCloudWatchSdk, type CloudWatchClientLike, type CloudWatchSdk, type MetricDatum, type PutMetricDataInput } from './sdk.js'
import type { UnknownUnitHandler } from './unit-resolver.js'

// Enough parallelism to fit a few requests into a short budget, far below the 500 TPS quota.
const CONCURRENCY = 4

/** Sends batches with PutMetricData; one per adapter, it owns the client and the carried-over datums. */
export class ApiExporter {
  readonly #options: ResolvedCloudWatchOptions
  readonly #pending: PendingDatums
  #sdk: Promise<CloudWatchSdk> | undefined
  #client: CloudWatchClientLike | undefined

  constructor(options: ResolvedCloudWatchOptions) {
    this.#options = options
    this.#pending = new PendingDatums(options.maxPendingDatums)
  }

  /** Encodes and sends one batch; never throws. */
  async export(batch: ExportBatch, context: ExportContext, onUnknownUnit?: UnknownUnitHandler): Promise<ExportOutcome> {
    const nowMs = context.clock.now()
    const { datums: fresh, drops } = encodeDatums(batch, this.#options, onUnknownUnit === undefined ? { nowMs } : { nowMs, onUnknownUnit })
    const carried = this.#pending.take(nowMs)
    drops.add(DropReasons.timestamp, carried.expired)
    if (carried.datums.length + fresh.length === 0) return withDrops({ ok: true, attempts: 0 }, drops)
    let connection: { sdk: CloudWatchSdk; client: CloudWatchClientLike }
    try {
      connection = await this.#connect(context)
    } catch (error) {
      this.#pending.add(carried.datums)
      const message = error instanceof Error ? error.message : String(error)
      return withDrops({ ok: false, metricsDelivered: false, attempts: 0, message }, drops)
    }
    const requests = toRequests(this.#options.namespace, [...carried.datums, ...fresh])
    const secrets = awsSecrets(this.#options.clientConfig, context.env)
    const results = await mapLimit(requests, CONCURRENCY, (request) =>
      context.retry((signal) => attempt(connection, request, signal, secrets)),
    )
    return this.#outcome(requests, results, carried.datums, drops)
  }

  /** Encodes one batch into requests and drops them: no SDK, no carried datums touched. */
  warm(batch: ExportBatch, context: ExportContext): void {
    const { datums } = encodeDatums(batch, this.#options, { nowMs: context.clock.now() })
    toRequests(this.#options.namespace, datums)
  }

  /**
   * All requests delivered: ok. All failed with retryable errors: the engine
   * keeps the delta (`metricsDelivered: false`); carried datums go back here.
   * Otherwise the delivered part must not be sent again, so only the failed
   * requests' datums are kept here, and permanent rejections are dropped.
   */
  #outcome(requests: readonly PutMetricDataInput[], results: readonly RetryResult[], carried: readonly MetricDatum[], drops: Drops): ExportOutcome {
    const attempts = results.reduce((sum, result) => sum + result.attempts, 0)
    const timedOut = results.some((result) => result.timedOut)
    const status = results.findLast((result) => result.status !== undefined)?.status
    const base = { attempts, timedOut, ...(status === undefined ? {} : { status }) }
    const failed = results.flatMap((result, i) => (result.ok ? [] : [{ result, request: requests[i] as PutMetricDataInput }]))
    if (failed.length === 0) return withDrops({ ok: true, ...base }, drops)
    const first = failed[0]?.result as Extract<RetryResult, { ok: false }>
    const summary = `${failed.length} of ${requests.length} PutMetricData requests failed (${first.message})`
    if (failed.length === requests.length && failed.every(({ result }) => !result.ok && result.retryable)) {
      this.#pending.add(carried)
      return withDrops({ ok: false, metricsDelivered: false, ...base, message: `${summary}; kept for the next flush` }, drops)
    }
    const retryable = failed.filter(({ result }) => !result.ok && result.retryable).flatMap(({ request }) => request.MetricData)
    const rejected = failed.filter(({ result }) => !result.ok && !result.retryable).reduce((sum, { request }) => sum + request.MetricData.length, 0)
    drops.add(DropReasons.pendingOverflow, this.#pending.add(retryable))
    const message = `${summary}; ${retryable.length} datums kept for the next flush, ${rejected} rejected for good`
    return withDrops({ ok: false, metricsDelivered: true, ...base, message, ...(rejected > 0 ? { rejected } : {}) }, drops)
  }

  async #connect(context: ExportContext): Promise<{ sdk: CloudWatchSdk; client: CloudWatchClientLike }> {
    const load = this.#options.loadSdk ?? importCloudWatchSdk
    this.#sdk ??= load().catch((error: unknown) => {
      // Forget the failure so a later flush can try again (e.g. after a cold start race).
      this.#sdk = undefined
      throw error
    })
    const sdk = await this.#sdk
    this.#client ??= this.#options.client ?? new sdk.CloudWatchClient(this.#clientConfig(context))
    return { sdk, client: this.#client }
  }

  /** Closes the client the adapter made (a client the user passed stays theirs). */
  close(): void {
    if (this.#client !== undefined && this.#client !== this.#options.client) this.#client.destroy?.()
    this.#client = undefined
  }

  #clientConfig(context: ExportContext): Record<string, unknown> {
    const { clientConfig, region } = this.#options
    const resolvedRegion = region ?? clientConfig['region'] ?? context.env['AWS_REGION'] ?? context.env['AWS_DEFAULT_REGION']
    // One attempt per send: our retry loop owns retries, so they stop at the flush deadline.
    return { ...clientConfig, ...(resolvedRegion === undefined ? {} : { region: resolvedRegion }), maxAttempts: 1 }
  }
}

async function attempt(
  connection: { sdk: CloudWatchSdk; client: CloudWatchClientLike }, request: PutMetricDataInput, signal: AbortSignal, secrets: readonly string[],
): Promise<AttemptResult> {
  try {
    const output = (await connection.client.send(new connection.sdk.PutMetricDataCommand(request), { abortSignal: signal })) as
      | { $metadata?: { httpStatusCode?: number } }
      | undefined
    const status = output?.$metadata?.httpStatusCode
    return status === undefined ? { ok: true, value: undefined } : { ok: true, value: undefined, status }
  } catch (error) {
    // A 2xx whose body broke off was still accepted: sending it again would count it twice.
    const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode
    if (typeof status === 'number' && status >= 200 && status < 300) return { ok: true, value: undefined, status }
    return classifySdkError(error, Date.now(), secrets)
  }
}

/** Credentials that may be echoed back in an error: static ones given to the client, and the standard variables. */
function awsSecrets(clientConfig: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): string[] {
  const given = clientConfig['credentials']
  const fields = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {}
  const values = [fields['accessKeyId'], fields['secretAccessKey'], fields['sessionToken'], env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY'], env['AWS_SESSION_TOKEN']]
  return values.filter((value): value is string => typeof value === 'string' && value !== '')
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await run(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

function withDrops(outcome: ExportOutcome, drops: Drops): ExportOutcome {
  const note = drops.describe()
  if (note === undefined) return outcome
  return { ...outcome, message: outcome.message === undefined ? note : `${outcome.message}; ${note}` }
}
