/**
 * `lastcall/lambda`: wraps AWS Lambda handlers (Node 20+) so every
 * invocation is traced, counted and flushed before Lambda freezes.
 * @packageDocumentation
 */
export { wrapHandler } from './wrap-handler.js'
export type { LambdaOptions } from './options.js'
export type {
  LambdaContext, LambdaHandler, EventHeaders, ApiGatewayV1Event, ApiGatewayV2Event, AlbEvent, SqsEvent, SqsMessageAttribute, SnsEvent, EventBridgeEvent,
} from './events.js'
export { FaasTriggers, type FaasTrigger } from './message-event.js'
export { UNMATCHED_ROUTE } from '../shared/routes.js'
