/**
 * `lastcall/server`: helpers for long-running Deno, Bun and Node servers:
 * periodic flush, flush on SIGTERM/SIGINT, a fetch-handler wrapper and the
 * `/metrics` scrape handler.
 * @packageDocumentation
 */
export { startPeriodicFlush, type PeriodicFlushOptions } from './periodic-flush.js'
export { flushOnExit, type FlushOnExitOptions } from './flush-on-exit.js'
export { SignalNumbers, type ExitSignal } from './host.js'
export { instrumentFetchHandler, type FetchHandlerOptions } from './fetch-handler.js'
export { metricsHandler, type Collectable } from '../../index.js'
export { UNMATCHED_ROUTE } from '../shared/routes.js'
