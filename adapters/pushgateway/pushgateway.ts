/**
 * The Pushgateway adapter: each flush PUTs (or POSTs) the instance's
 * cumulative totals in text format 0.0.4 to its own group.
 *
 * Trade-offs to know before choosing it: the Pushgateway is a cache, not
 * an aggregator. It keeps the last push of each group and never forgets a
 * group, so every cold start adds a group (`instance` = the instance id)
 * that stays until deleted, and queries must `sum()` over instances.
 * Pushes to one group overwrite each other, which is why `instance` is in
 * the grouping key by default. For per-invocation metrics from many
 * instances prefer `remoteWrite` or `otlp`; use the Pushgateway for batch
 * jobs or long-running processes with `deleteOnShutdown: true`.
 */
import { encodeTextExpositionBytes, type Adapter, type ExportBatch, type ExportContext, type ExportOutcome } from '../../src/index.js'
import { pushgatewayRetry, send } from '../shared/http.js'
import { createSerialQueue, TURN_ABORTED } from '../shared/serial.js'
import { groupingPath } from './grouping-path.js'
import { resolvePushgatewayOptions, type PushgatewayOptions, type ResolvedPushgatewayOptions } from './options.js'

/** Groups remembered for deletion at shutdown; one adapter normally pushes one. */
const MAX_GROUPS = 64

/**
 * Makes a Pushgateway adapter. Options are checked at once.
 * @example
 * const telemetry = createTelemetry({
 *   service: 'nightly-import',
 *   adapters: [pushgateway({ url: 'http://pushgateway:9091', deleteOnShutdown: true })],
 * })
 */
export function pushgateway(options: PushgatewayOptions): Adapter {
  const resolved = resolvePushgatewayOptions(options)
  // A push of an older snapshot must never land after a newer one.
  const queue = createSerialQueue()
  const pushed = new Set<string>()
  return {
    name: resolved.name,
    temporality: 'cumulative',
    signals: { metrics: true, traces: false },
    async export(batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      const outcome = await queue.run(() => push(batch, context, resolved, pushed), context.signal)
      if (outcome !== TURN_ABORTED) return outcome
      return { ok: false, timedOut: true, attempts: 0, message: 'the previous push through this adapter was still running at the flush deadline' }
    },
    warm(batch: ExportBatch): void {
      // The body and the group's URL, as a push builds them; the URL is not remembered for deleteOnShutdown.
      encodeTextExpositionBytes(batch.metrics)
      groupUrl(batch, resolved)
    },
    async shutdown(context: ExportContext): Promise<void> {
      if (!resolved.deleteOnShutdown) return
      await queue.run(() => deleteGroups(pushed, context, resolved), context.signal)
    },
  }
}

function groupUrl(batch: ExportBatch, resolved: ResolvedPushgatewayOptions): string {
  const labels = { instance: batch.resource.instanceId, ...resolved.groupingKey }
  const sorted = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return resolved.baseUrl + groupingPath(resolved.job ?? batch.resource.serviceName, sorted)
}

async function push(batch: ExportBatch, context: ExportContext, resolved: ResolvedPushgatewayOptions, pushed: Set<string>): Promise<ExportOutcome> {
  const body = encodeTextExpositionBytes(batch.metrics)
  // An empty PUT would wipe the group; with nothing recorded yet there is nothing to say.
  if (body.length === 0) return { ok: true, attempts: 0 }
  const url = groupUrl(batch, resolved)
  if (!pushed.has(url) && pushed.size < MAX_GROUPS) pushed.add(url)
  const result = await send(context, { url, method: resolved.method, headers: { ...resolved.headers }, body, retry: pushgatewayRetry })
  const outcome: ExportOutcome = result.ok
    ? { ok: true, attempts: result.attempts, status: result.value.status }
    : { ok: false, attempts: result.attempts, timedOut: result.timedOut, message: result.message }
  return result.status === undefined || result.ok ? outcome : { ...outcome, status: result.status }
}

async function deleteGroups(pushed: Set<string>, context: ExportContext, resolved: ResolvedPushgatewayOptions): Promise<void> {
  const { 'content-type': _unused, ...headers } = resolved.headers
  for (const url of pushed) {
    const result = await send(context, { url, method: 'DELETE', headers, retry: pushgatewayRetry })
    if (result.ok) pushed.delete(url)
    else context.logger.warn('pushgateway: deleting a group at shutdown failed', { adapter: resolved.name, message: result.message })
  }
}
