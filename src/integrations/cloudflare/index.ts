/**
 * `lastcall/cloudflare`: module Workers, instrumented with `instrument`.
 * @packageDocumentation
 */
export { instrument } from './instrument.js'
export { tracedFetch, type TracedFetchOptions } from './traced-fetch.js'
export type { InstrumentOptions } from './options.js'
export type { FromEnv } from '../shared/telemetry-source.js'
export type { ExecutionContext, ScheduledController, MessageBatch, QueueMessage, WorkerHandler, InstrumentedHandler, InstrumentedTriggers } from './types.js'
