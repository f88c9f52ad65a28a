/**
 * `lastcall/hono`: the hono middleware.
 * @packageDocumentation
 */
export { telemetryMiddleware } from './middleware.js'
export { FlushPlacements, type FlushPlacement, type TelemetryMiddlewareOptions } from './options.js'
