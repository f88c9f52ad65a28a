/**
 * Flushes one telemetry's metrics into each backend's wire format, through
 * the real adapters, and hands back what went out: captured HTTP bodies,
 * EMF lines, or the datums the loopback CloudWatch received.
 */
import { cloudwatch } from '../../../adapters/cloudwatch/index.js'
import { otlp } from '../../../adapters/otlp/index.js'
import { remoteWrite } from '../../../adapters/prometheus-remote-write/index.js'
import { pushgateway } from '../../../adapters/pushgateway/index.js'
import { createTelemetry, type Adapter, type AdapterReport, type Telemetry, type TelemetryOptions } from '../../../src/index.js'
import { FakeCloudWatch, type Datum } from '../../cloudwatch/fake-cloudwatch.js'
import { captureFetch } from '../../support/capture-fetch.js'
import { snappyDecode } from '../../support/prom-decode.js'
import { AWS_CREDENTIALS } from './targets.js'

/** What a test records on a fresh telemetry before the flush. */
export type Recorder = (telemetry: Telemetry) => void

async function flushWith(adapter: Adapter, record: Recorder, options: Partial<TelemetryOptions> = {}): Promise<AdapterReport> {
  const telemetry = createTelemetry({ service: 'bad-input', adapters: [adapter], env: {}, flushTimeoutMs: 5_000, ...options })
  record(telemetry)
  const report = await telemetry.flush()
  return report.adapters[0] as AdapterReport
}

/** Remote-write: the uncompressed protobuf bytes of each request. */
export async function viaRemoteWrite(record: Recorder): Promise<{ bodies: Uint8Array[]; report: AdapterReport }> {
  const capture = captureFetch()
  const report = await flushWith(remoteWrite({ url: 'http://rw.test/api/v1/write' }), record, { fetch: capture.fetch })
  return { bodies: capture.requests.map((r) => snappyDecode(r.body)), report }
}

/** Pushgateway: the text exposition bodies. */
export async function viaPushgateway(record: Recorder): Promise<{ bodies: string[]; report: AdapterReport }> {
  const capture = captureFetch(() => new Response('', { status: 200 }))
  const report = await flushWith(pushgateway({ url: 'http://pgw.test' }), record, { fetch: capture.fetch })
  return { bodies: capture.requests.map((r) => new TextDecoder().decode(r.body)), report }
}

/** OTLP/JSON: the metrics request bodies, as text. */
export async function viaOtlpJson(record: Recorder): Promise<{ bodies: string[]; report: AdapterReport }> {
  const capture = captureFetch(() => new Response('', { status: 200 }))
  const report = await flushWith(otlp({ endpoint: 'http://otlp.test', encoding: 'json', signals: 'metrics' }), record, { fetch: capture.fetch })
  return { bodies: capture.requests.map((r) => new TextDecoder().decode(r.body)), report }
}

/** EMF: the documents written. */
export async function viaEmf(record: Recorder): Promise<{ lines: string[]; report: AdapterReport }> {
  const lines: string[] = []
  const report = await flushWith(cloudwatch({ mode: 'emf', namespace: 'BadInput', write: (line) => void lines.push(line) }), record)
  return { lines, report }
}

/** PutMetricData through the real SDK to the loopback CloudWatch: the datums it received. */
export async function viaCloudWatchApi(record: Recorder): Promise<{ datums: Datum[]; report: AdapterReport }> {
  const fake = await new FakeCloudWatch().start()
  try {
    const adapter = cloudwatch({ mode: 'api', namespace: 'BadInput', region: 'us-east-1', clientConfig: { endpoint: fake.endpoint, credentials: AWS_CREDENTIALS } })
    const report = await flushWith(adapter, record)
    await adapter.shutdown?.({} as never)
    return { datums: fake.delivered, report }
  } finally {
    await fake.stop()
  }
}

/** True when `needle` occurs in `haystack`, byte for byte. */
export function containsBytes(haystack: Uint8Array, needle: readonly number[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}
