/**
 * Synthetic Lambda events of every shape the wrapper recognises, trimmed
 * to what AWS sends (field names and nesting as in the AWS docs' samples).
 */
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'
export const PARENT_ID = '00f067aa0ba902b7'
export const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`
export const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:orders:live'

type Headers = Record<string, string>

export function restV1(headers: Headers | null = {}, multi?: Record<string, string[]> | null) {
  return {
    resource: '/orders/{id}', path: '/orders/42', httpMethod: 'GET', headers, multiValueHeaders: multi ?? null,
    pathParameters: { id: '42' }, requestContext: { resourcePath: '/orders/{id}', httpMethod: 'GET', stage: 'prod', requestId: 'r1' }, body: null, isBase64Encoded: false,
  }
}

export function httpV2(headers: Headers = {}, routeKey = 'GET /orders/{id}') {
  return {
    version: '2.0', routeKey, rawPath: '/orders/42', rawQueryString: '', headers,
    requestContext: { apiId: 'abc', domainName: 'abc.execute-api.eu-west-1.amazonaws.com', http: { method: 'GET', path: '/orders/42', protocol: 'HTTP/1.1' }, routeKey, stage: '$default' },
    pathParameters: { id: '42' }, isBase64Encoded: false,
  }
}

export function functionUrl(headers: Headers = {}) {
  return {
    version: '2.0', routeKey: '$default', rawPath: '/anything/7', rawQueryString: '', headers,
    requestContext: { apiId: 'urlid', domainName: 'urlid.lambda-url.eu-west-1.on.aws', http: { method: 'POST', path: '/anything/7' }, routeKey: '$default' },
    isBase64Encoded: false,
  }
}

export function alb(headers: Headers | undefined, multi?: Record<string, string[]>) {
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/orders/6d0ecf831eec9f09' } },
    httpMethod: 'DELETE', path: '/orders/42', queryStringParameters: {}, body: '', isBase64Encoded: false,
    ...(headers === undefined ? {} : { headers }), ...(multi === undefined ? {} : { multiValueHeaders: multi }),
  }
}

export interface SqsMessage { id: string; traceparent?: string; attributeName?: string; tracestate?: string }

export function sqs(messages: SqsMessage[]) {
  return {
    Records: messages.map((m) => ({
      messageId: m.id, receiptHandle: 'rh', body: 'job', attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        ...(m.traceparent === undefined ? {} : { [m.attributeName ?? 'traceparent']: { stringValue: m.traceparent, stringListValues: [], binaryListValues: [], dataType: 'String' } }),
        ...(m.tracestate === undefined ? {} : { tracestate: { stringValue: m.tracestate, dataType: 'String' } }),
      },
      md5OfBody: 'x', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:jobs', awsRegion: 'eu-west-1',
    })),
  }
}

export function sns(traceparent?: string) {
  return {
    Records: [{
      EventVersion: '1.0', EventSource: 'aws:sns', EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:alerts:sub',
      Sns: {
        Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', Message: 'hi', Timestamp: '2026-11-21T00:00:00.000Z',
        MessageAttributes: traceparent === undefined ? {} : { traceparent: { Type: 'String', Value: traceparent } },
      },
    }],
  }
}

export function eventBridge() {
  return { version: '0', id: 'e1', 'detail-type': 'OrderPlaced', source: 'shop.orders', account: '123456789012', time: '2026-11-21T00:00:00Z', region: 'eu-west-1', resources: [], detail: { id: 42 } }
}

export function scheduled() {
  return { version: '0', id: 's1', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: '2026-11-21T00:00:00Z', region: 'eu-west-1', resources: ['arn:aws:events:eu-west-1:123456789012:rule/nightly'], detail: {} }
}

export function s3() {
  return { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', awsRegion: 'eu-west-1', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }] }
}
