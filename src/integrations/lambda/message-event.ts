/**
 * Recognises the non-HTTP triggers (SQS, SNS, EventBridge, schedules, S3
 * and DynamoDB streams) and turns W3C context carried in message attributes
 * into span links: a batch has many producers, so none of them is the parent.
 */
import { parseTraceparent, parseTracestate, type InvocationOptions } from '../../index.js'
import { isObject } from './http-event.js'

/** A span link, as invocations take them. */
export type Link = NonNullable<InvocationOptions['links']>[number]

/** `faas.trigger` values of the semantic conventions. */
export const FaasTriggers = { HTTP: 'http', PUBSUB: 'pubsub', DATASOURCE: 'datasource', TIMER: 'timer', OTHER: 'other' } as const
export type FaasTrigger = (typeof FaasTriggers)[keyof typeof FaasTriggers]

/** A non-HTTP event, as the span sees it. */
export interface MessageEventInfo {
  readonly source: 'sqs' | 'sns' | 'eventbridge' | 'schedule' | 's3' | 'dynamodb' | 'kinesis'
  readonly trigger: FaasTrigger
  /** Queue, topic or event source, for the span name `<destination> process`. */
  readonly destination: string | undefined
  readonly links: Link[]
  readonly attributes: Readonly<Record<string, string | number>>
}

/** OpenTelemetry's default span link limit; a 10,000-message SQS batch must not mean 10,000 links. */
export const MAX_LINKS = 128

type Obj = Readonly<Record<string, unknown>>

const RECORD_SOURCES: Readonly<Record<string, { source: MessageEventInfo['source']; trigger: FaasTrigger }>> = {
  'aws:sqs': { source: 'sqs', trigger: FaasTriggers.PUBSUB },
  'aws:sns': { source: 'sns', trigger: FaasTriggers.PUBSUB },
  'aws:kinesis': { source: 'kinesis', trigger: FaasTriggers.PUBSUB },
  'aws:s3': { source: 's3', trigger: FaasTriggers.DATASOURCE },
  'aws:dynamodb': { source: 'dynamodb', trigger: FaasTriggers.DATASOURCE },
}

/**
 * Reads a non-HTTP event, or returns undefined for an unknown payload.
 * @example describeMessageEvent({ Records: [{ eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:1:jobs', messageId: 'm1' }] })?.destination // 'jobs'
 */
export function describeMessageEvent(event: unknown): MessageEventInfo | undefined {
  if (!isObject(event)) return undefined
  if (Array.isArray(event['Records'])) return fromRecords(event['Records'])
  if (typeof event['detail-type'] === 'string' && typeof event['source'] === 'string') return fromEventBridge(event)
  return undefined
}

function fromRecords(records: readonly unknown[]): MessageEventInfo | undefined {
  const first = records[0]
  if (!isObject(first)) return undefined
  const kind = RECORD_SOURCES[String(first['eventSource'] ?? first['EventSource'])]
  if (kind === undefined) return undefined
  if (kind.source === 'sqs') {
    return { source: kind.source, trigger: kind.trigger, destination: lastArnPart(first['eventSourceARN']), links: linksOf(records, sqsContext), attributes: messaging('aws_sqs', first['eventSourceARN'], records.length) }
  }
  if (kind.source === 'sns') {
    const topic = isObject(first['Sns']) ? first['Sns']['TopicArn'] : undefined
    return { source: kind.source, trigger: kind.trigger, destination: lastArnPart(topic), links: linksOf(records, snsContext), attributes: messaging('aws_sns', topic, records.length) }
  }
  // Fields listed, not `{ ...kind, … }`: a spread followed by new keys is slow in Node 20's V8.
  return { source: kind.source, trigger: kind.trigger, destination: undefined, links: [], attributes: {} }
}

function fromEventBridge(event: Obj): MessageEventInfo {
  const scheduled = event['detail-type'] === 'Scheduled Event'
  const time = typeof event['time'] === 'string' ? { 'faas.time': event['time'] } : {}
  return {
    source: scheduled ? 'schedule' : 'eventbridge',
    trigger: scheduled ? FaasTriggers.TIMER : FaasTriggers.PUBSUB,
    destination: String(event['source']),
    links: [],
    attributes: scheduled ? time : { 'messaging.system': 'aws.eventbridge', 'messaging.operation.type': 'process', 'messaging.destination.name': String(event['source']) },
  }
}

function messaging(system: string, arn: unknown, count: number): Record<string, string | number> {
  const name = lastArnPart(arn)
  return { 'messaging.system': system, 'messaging.operation.type': 'process', 'messaging.batch.message_count': count, ...(name === undefined ? {} : { 'messaging.destination.name': name }) }
}

function lastArnPart(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || arn === '') return undefined
  return arn.slice(arn.lastIndexOf(':') + 1)
}

type Carrier = { traceparent: string | undefined; tracestate: string | undefined; id: string | undefined }

function linksOf(records: readonly unknown[], read: (record: Obj) => Carrier): Link[] {
  const links: Link[] = []
  for (const record of records) {
    if (links.length >= MAX_LINKS) break
    if (!isObject(record)) continue
    const carrier = read(record)
    const parent = parseTraceparent(carrier.traceparent)
    if (parent === undefined) continue
    const traceState = parseTracestate(carrier.tracestate)
    links.push({
      context: { traceId: parent.traceId, spanId: parent.spanId, traceFlags: parent.traceFlags, isRemote: true, ...(traceState === undefined ? {} : { traceState }) },
      ...(carrier.id === undefined ? {} : { attributes: { 'messaging.message.id': carrier.id } }),
    })
  }
  return links
}

/** SQS attribute names are case-sensitive, but producers differ in how they spell these; match any case. */
function attribute(attributes: unknown, name: string, field: string): string | undefined {
  if (!isObject(attributes)) return undefined
  for (const [key, value] of Object.entries(attributes)) {
    if (key.toLowerCase() === name && isObject(value) && typeof value[field] === 'string') return value[field] as string
  }
  return undefined
}

function sqsContext(record: Obj): Carrier {
  const attrs = record['messageAttributes']
  return { traceparent: attribute(attrs, 'traceparent', 'stringValue'), tracestate: attribute(attrs, 'tracestate', 'stringValue'), id: typeof record['messageId'] === 'string' ? record['messageId'] : undefined }
}

function snsContext(record: Obj): Carrier {
  const sns = isObject(record['Sns']) ? record['Sns'] : {}
  const attrs = sns['MessageAttributes']
  return { traceparent: attribute(attrs, 'traceparent', 'Value'), tracestate: attribute(attrs, 'tracestate', 'Value'), id: typeof sns['MessageId'] === 'string' ? sns['MessageId'] : undefined }
}
