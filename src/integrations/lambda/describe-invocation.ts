/**
 * Turns a Lambda event and context into what the invocation span and the
 * metrics need: trigger, span name and kind, trace context, FaaS semantic
 * convention attributes.
 */
import { SpanKinds, type HeadersLike, type InvocationOptions } from '../../index.js'
import type { LambdaContext } from './events.js'
import { pickHeaders } from '../shared/capture-headers.js'
import { describeHttpEvent, type HttpRequestInfo } from './http-event.js'
import { describeMessageEvent, FaasTriggers, type FaasTrigger, type Link } from './message-event.js'
import type { ResolvedLambdaOptions } from './options.js'

type AttributeValue = NonNullable<NonNullable<InvocationOptions['attributes']>[string]>

/** One invocation, described. */
export interface InvocationPlan {
  readonly trigger: FaasTrigger
  readonly http: HttpRequestInfo | undefined
  readonly name: string
  readonly kind: number
  readonly headers: HeadersLike | undefined
  readonly links: readonly Link[]
  readonly attributes: Record<string, AttributeValue | undefined>
}

/**
 * `cloud.account.id`: the fifth `:` field of `arn:aws:lambda:region:account:function:name`.
 * @example accountOfArn('arn:aws:lambda:eu-west-1:123456789012:function:orders') // '123456789012'
 */
export // The ARN is the same for every invocation of a container (an alias or version aside): split it once.
let lastArn: string | undefined
let lastAccount: string | undefined

function accountOfArn(arn: string | undefined): string | undefined {
  if (arn === lastArn) return lastAccount
  const account = arn?.split(':')[4]
  lastArn = arn
  lastAccount = account === undefined || account === '' ? undefined : account
  return lastAccount
}

/**
 * Describes one invocation.
 * @example const plan = describeInvocation(event, context, resolved, true)
 */
export function describeInvocation(event: unknown, context: LambdaContext, options: ResolvedLambdaOptions, coldStart: boolean): InvocationPlan {
  const base: Record<string, AttributeValue | undefined> = {
    'faas.invocation_id': context.awsRequestId === '' ? undefined : context.awsRequestId,
    'faas.coldstart': coldStart,
    'aws.lambda.invoked_arn': context.invokedFunctionArn,
    'cloud.account.id': accountOfArn(context.invokedFunctionArn),
  }
  const fallbackName = context.functionName ?? 'lambda'
  const described = describeHttpEvent(event)
  if (described !== undefined) {
    const http = { ...described, route: options.route?.(event) ?? described.route }
    return {
      trigger: FaasTriggers.HTTP, http, name: `${http.method} ${http.route}`, kind: SpanKinds.SERVER, headers: http.headers, links: [],
      // Assigned onto the fresh `base`: a spread followed by new keys is slow in Node 20's V8.
      attributes: Object.assign(
        base,
        { 'faas.trigger': FaasTriggers.HTTP, 'http.request.method': http.method, 'http.route': http.route, 'url.path': http.path },
        pickHeaders(http.headers, options.captureHeaders),
      ),
    }
  }
  const message = describeMessageEvent(event)
  const trigger = message?.trigger ?? FaasTriggers.OTHER
  const consumer = trigger === FaasTriggers.PUBSUB
  return {
    trigger, http: undefined,
    name: consumer && message?.destination !== undefined ? `${message.destination} process` : fallbackName,
    kind: consumer ? SpanKinds.CONSUMER : SpanKinds.SERVER,
    headers: undefined, links: message?.links ?? [],
    attributes: Object.assign(base, { 'faas.trigger': trigger }, message?.attributes),
  }
}
