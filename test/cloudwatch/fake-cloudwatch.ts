/**
 * A loopback stand-in for the CloudWatch endpoint. It decodes whatever the
 * real SDK sends (awsJson1_0 with X-Amz-Target, the older awsQuery form
 * encoding, gzip or not) into one normalized shape, records every request,
 * and answers as the test scripts it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

export interface Datum {
  MetricName: string
  Dimensions: { Name: string; Value: string }[]
  /** Epoch ms. */
  Timestamp: number | undefined
  Unit: string | undefined
  StorageResolution: number | undefined
  Value: number | undefined
  Values: number[] | undefined
  Counts: number[] | undefined
}

export interface RecordedRequest {
  readonly protocol: 'json' | 'query'
  readonly gzip: boolean
  /** Bytes as sent (compressed when gzip) and after decoding. */
  readonly wireBytes: number
  readonly bodyBytes: number
  readonly headers: IncomingHttpHeaders
  readonly namespace: string
  readonly datums: Datum[]
}

export interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  readonly body?: string
  /** Answer after this many ms (the client may abort first). */
  readonly delayMs?: number
}

/** Scripted answers: called per request (0-based), undefined means success. */
export type Responder = (request: RecordedRequest, index: number) => Reply | undefined

export const throttling: Reply = { status: 400, headers: { 'x-amzn-query-error': 'Throttling;Sender' }, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) }
export const tooManyRequests: Reply = { status: 429, body: '{}' }
export const internalFault: Reply = { status: 500, body: JSON.stringify({ __type: 'InternalServiceFault', message: 'internal' }) }
export const unavailable: Reply = { status: 503, body: '' }
export const invalidParameter: Reply = {
  status: 400,
  headers: { 'x-amzn-query-error': 'InvalidParameterValue;Sender' },
  body: JSON.stringify({ __type: 'InvalidParameterValueException', message: 'The value NaN for parameter MetricData.member.1.Value is invalid.' }),
}

export class FakeCloudWatch {
  readonly requests: RecordedRequest[] = []
  respond: Responder = () => undefined
  #server: Server | undefined

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server?.address() as AddressInfo).port}`
  }

  /** Every datum received by requests that were answered with success. */
  get delivered(): Datum[] {
    return this.#accepted.flatMap((request) => request.datums)
  }

  #accepted: RecordedRequest[] = []

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        let reply: Reply
        let request: RecordedRequest | undefined
        try {
          request = decode(req.headers, Buffer.concat(chunks))
          const index = this.requests.push(request) - 1
          reply = this.respond(request, index) ?? success(request.protocol)
        } catch (error) {
          reply = { status: 400, body: JSON.stringify({ __type: 'SerializationException', message: String(error) }) }
        }
        const answer = (): void => {
          if (res.destroyed) return
          if (reply.status === 200 && request !== undefined) this.#accepted.push(request)
          res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0', ...reply.headers })
          res.end(reply.body ?? '')
        }
        if (reply.delayMs === undefined) answer()
        else setTimeout(answer, reply.delayMs).unref()
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    return this
  }

  async stop(): Promise<void> {
    const server = this.#server
    if (server === undefined) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

function success(protocol: 'json' | 'query'): Reply {
  if (protocol === 'json') return { status: 200, body: '{}' }
  const xml = '<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></PutMetricDataResponse>'
  return { status: 200, headers: { 'content-type': 'text/xml' }, body: xml }
}

function decode(headers: IncomingHttpHeaders, raw: Buffer): RecordedRequest {
  const gzip = headers['content-encoding'] === 'gzip'
  const body = gzip ? gunzipSync(raw) : raw
  const text = body.toString('utf8')
  const base = { gzip, wireBytes: raw.length, bodyBytes: body.length, headers }
  const target = headers['x-amz-target']
  if (typeof target === 'string') {
    if (target !== 'GraniteServiceVersion20100801.PutMetricData') throw new Error(`unexpected target ${target}`)
    const input = JSON.parse(text) as { Namespace: string; MetricData: Record<string, unknown>[] }
    return { ...base, protocol: 'json', namespace: input.Namespace, datums: input.MetricData.map(fromJson) }
  }
  if (String(headers['content-type']).startsWith('application/x-www-form-urlencoded')) return { ...base, protocol: 'query', ...fromQuery(new URLSearchParams(text)) }
  throw new Error(`unknown protocol: content-type ${String(headers['content-type'])}`)
}

function fromJson(datum: Record<string, unknown>): Datum {
  const timestamp = datum['Timestamp']
  return {
    MetricName: datum['MetricName'] as string,
    Dimensions: (datum['Dimensions'] as Datum['Dimensions'] | undefined) ?? [],
    // awsJson sends epoch seconds (with a fraction).
    Timestamp: typeof timestamp === 'number' ? Math.round(timestamp * 1000) : typeof timestamp === 'string' ? Date.parse(timestamp) : undefined,
    Unit: datum['Unit'] as string | undefined,
    StorageResolution: datum['StorageResolution'] as number | undefined,
    Value: datum['Value'] as number | undefined,
    Values: datum['Values'] as number[] | undefined,
    Counts: datum['Counts'] as number[] | undefined,
  }
}

function fromQuery(params: URLSearchParams): { namespace: string; datums: Datum[] } {
  if (params.get('Action') !== 'PutMetricData') throw new Error(`unexpected action ${String(params.get('Action'))}`)
  const members = new Map<number, Map<string, string>>()
  for (const [key, value] of params) {
    const match = /^MetricData\.member\.(\d+)\.(.+)$/.exec(key)
    if (match === null) continue
    const index = Number(match[1])
    if (!members.has(index)) members.set(index, new Map())
    members.get(index)!.set(match[2]!, value)
  }
  const list = (fields: Map<string, string>, prefix: string) =>
    [...fields].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length))).map(([, v]) => Number(v))
  const datums = [...members].sort(([a], [b]) => a - b).map(([, fields]): Datum => {
    const dimensions: Datum['Dimensions'] = []
    for (let i = 1; fields.has(`Dimensions.member.${i}.Name`); i++) dimensions.push({ Name: fields.get(`Dimensions.member.${i}.Name`)!, Value: fields.get(`Dimensions.member.${i}.Value`)! })
    const number = (key: string) => (fields.has(key) ? Number(fields.get(key)) : undefined)
    const values = list(fields, 'Values.member.')
    const counts = list(fields, 'Counts.member.')
    return {
      MetricName: fields.get('MetricName')!,
      Dimensions: dimensions,
      Timestamp: fields.has('Timestamp') ? Date.parse(fields.get('Timestamp')!) : undefined,
      Unit: fields.get('Unit'),
      StorageResolution: number('StorageResolution'),
      Value: number('Value'),
      Values: values.length > 0 ? values : undefined,
      Counts: counts.length > 0 ? counts : undefined,
    }
  })
  return { namespace: params.get('Namespace') ?? '', datums }
}
