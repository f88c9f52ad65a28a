/**
 * The parts of Lambda's context and event payloads this integration reads,
 * as small structural types of our own: users need no `@types/aws-lambda`,
 * and a richer type from there is still assignable to these.
 */

/** What the wrapper reads of the Lambda context object. */
export interface LambdaContext {
  readonly awsRequestId: string
  readonly functionName?: string
  readonly invokedFunctionArn?: string
  getRemainingTimeInMillis?(): number
}

/** An async Lambda handler (Node 20+); callback-style handlers are not supported. */
export type LambdaHandler<E = unknown, R = unknown, C extends LambdaContext = LambdaContext> = (event: E, context: C) => R | Promise<R>

/** Plain-object headers as API Gateway and ALB send them; `null` when a request has none. */
export type EventHeaders = Readonly<Record<string, string | undefined>> | null

/** API Gateway REST API (payload 1.0), also HTTP APIs configured for payload 1.0. */
export interface ApiGatewayV1Event {
  readonly httpMethod: string
  /** The route template, e.g. `/orders/{id}`. */
  readonly resource: string
  readonly path?: string
  readonly headers?: EventHeaders
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null
  readonly requestContext?: { readonly stage?: string; readonly resourcePath?: string }
}

/** API Gateway HTTP API (payload 2.0) and Lambda Function URLs. */
export interface ApiGatewayV2Event {
  readonly version: '2.0'
  /** `GET /orders/{id}`, or `$default` (always for Function URLs). */
  readonly routeKey: string
  readonly rawPath?: string
  readonly headers?: EventHeaders
  readonly requestContext: { readonly domainName?: string; readonly http: { readonly method: string; readonly path?: string } }
}

/** Application Load Balancer target event. */
export interface AlbEvent {
  readonly httpMethod: string
  readonly path?: string
  readonly headers?: EventHeaders
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } }
}

/** One SQS message attribute; W3C context travels in `traceparent`/`tracestate` string attributes. */
export interface SqsMessageAttribute {
  readonly dataType?: string
  readonly stringValue?: string
}

/** An SQS batch. */
export interface SqsEvent {
  readonly Records: readonly {
    readonly messageId: string
    readonly eventSource: 'aws:sqs'
    readonly eventSourceARN: string
    readonly body?: string
    readonly messageAttributes?: Readonly<Record<string, SqsMessageAttribute | undefined>>
  }[]
}

/** An SNS notification. */
export interface SnsEvent {
  readonly Records: readonly {
    readonly EventSource: 'aws:sns'
    readonly Sns: {
      readonly MessageId?: string
      readonly TopicArn: string
      readonly Message?: string
      readonly MessageAttributes?: Readonly<Record<string, { readonly Type?: string; readonly Value?: string } | undefined>>
    }
  }[]
}

/** An EventBridge event; scheduled rules send `detail-type: 'Scheduled Event'`. */
export interface EventBridgeEvent<D = unknown> {
  readonly id: string
  readonly source: string
  readonly 'detail-type': string
  readonly time?: string
  readonly account?: string
  readonly region?: string
  readonly detail: D
}
