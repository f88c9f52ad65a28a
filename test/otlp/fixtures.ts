/**
 * Hand-built batches for the OTLP tests: spans that use every field and
 * every attribute type, and one family of each metric kind.
 */
import type { ExportBatch, HistogramMetricData, MetricData, NumberMetricData, ResourceData, SpanData, Temporality } from '../../src/index.js'

export const T0 = 1_700_000_000_000.25 // a start with a sub-ms fraction
export const T1 = 1_700_000_000_123.5

export const resource: ResourceData = {
  serviceName: 'checkout',
  instanceId: '5f0c7a1e-2b7d-4c1e-9a55-0c6b1d8e4f21',
  attributes: {
    'service.name': 'checkout',
    'service.instance.id': '5f0c7a1e-2b7d-4c1e-9a55-0c6b1d8e4f21',
    'telemetry.sdk.name': 'lastcall',
    'faas.max_memory': 134217728,
  },
}

/** A child span with every field set, from a remote parent. */
export const fullSpan: SpanData = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  parentSpanId: 'eee19b7ec3c1b173',
  parentIsRemote: true,
  traceState: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
  traceFlags: 1,
  name: 'GET /orders/:id',
  kind: 1, // SERVER in the API's numbering
  startTimeMs: T0,
  endTimeMs: T1,
  attributes: {
    'http.method': 'GET',
    'http.status_code': 200,
    'retry.ratio': 0.25,
    'cache.hit': false,
    'big.negative': -5_000_000_000,
    'tags': ['a', 'β', 'ü🙂'],
    'codes': [1, 2.5, -3],
    'flags': [true, false],
    'sparse': ['x', null, 'z'],
    'long.text': 'x'.repeat(300),
  },
  droppedAttributesCount: 3,
  events: [
    { name: 'exception', timeMs: T0 + 10.125, attributes: { 'exception.type': 'TypeError', 'exception.escaped': true }, droppedAttributesCount: 1 },
    { name: 'empty', timeMs: T0 + 20, attributes: {}, droppedAttributesCount: 0 },
  ],
  droppedEventsCount: 2,
  links: [
    {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceState: 'vendor=value',
      traceFlags: 0,
      isRemote: true,
      attributes: { 'messaging.message.id': 'm-1' },
      droppedAttributesCount: 4,
    },
    { traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', traceState: undefined, traceFlags: 1, isRemote: false, attributes: {}, droppedAttributesCount: 0 },
  ],
  droppedLinksCount: 5,
  status: { code: 2, message: 'boom: ünïcode' },
  scope: { name: 'lastcall', version: '0.1.0' },
}

/** A root span of another scope, with defaults everywhere. */
export const rootSpan: SpanData = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  parentSpanId: '',
  parentIsRemote: false,
  traceState: undefined,
  traceFlags: 0,
  name: 'db.query',
  kind: 2, // CLIENT
  startTimeMs: 1_544_712_660_300,
  endTimeMs: 1_544_712_660_300,
  attributes: {},
  droppedAttributesCount: 0,
  events: [],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 0, message: '' },
  scope: { name: 'db-client', version: '' },
}

export const counter: NumberMetricData = {
  name: 'http_requests_total',
  help: 'Requests served.',
  unit: '',
  kind: 'counter',
  labelNames: ['method', 'route'],
  points: [
    { key: 'GET|/a', labels: { method: 'GET', route: '/a' }, value: 3, startTimeMs: T0, timeMs: T1 },
    { key: 'POST|/ü', labels: { method: 'POST', route: '/ü' }, value: 1.5, startTimeMs: T0, timeMs: T1 },
  ],
}

export const gauge: NumberMetricData = {
  name: 'http_requests_in_flight',
  help: '',
  unit: '',
  kind: 'gauge',
  labelNames: [],
  points: [{ key: '', labels: {}, value: -2, startTimeMs: T0, timeMs: T1 }],
}

export const histogram: HistogramMetricData = {
  name: 'http_request_duration_seconds',
  help: 'Latency.',
  unit: 'seconds',
  kind: 'histogram',
  labelNames: ['route'],
  bounds: [0.005, 0.1, 1],
  points: [
    { key: '/a', labels: { route: '/a' }, bucketCounts: [1, 0, 2, 1], sum: 3.75, count: 4, min: 0.001, max: 2.5, startTimeMs: T0, timeMs: T1 },
    { key: '/b', labels: { route: '/b' }, bucketCounts: [0, 0, 0, 0], sum: 0, count: 0, min: undefined, max: undefined, startTimeMs: T0, timeMs: T1 },
  ],
}

/** A batch with the given spans and metrics. */
export function makeBatch(parts: { spans?: SpanData[]; metrics?: MetricData[]; temporality?: Temporality } = {}): ExportBatch {
  return {
    resource,
    metrics: parts.metrics ?? [],
    temporality: parts.temporality ?? 'cumulative',
    spans: parts.spans ?? [],
    timeMs: T1,
    instanceStartMs: T0,
    invocation: undefined,
  }
}

/** `n` spans shaped like a typical server span, for volume and speed tests. */
export function manySpans(n: number): SpanData[] {
  return Array.from({ length: n }, (_, i) => ({
    ...rootSpan,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: 'eee19b7ec3c1b173',
    name: `GET /items/${i % 10}`,
    kind: 1,
    startTimeMs: T0 + i,
    endTimeMs: T0 + i + 1.5,
    attributes: { 'http.request.method': 'GET', 'http.route': '/items/:id', 'http.response.status_code': 200, 'url.path': `/items/${i}`, 'server.address': 'api.example.com' },
    scope: { name: 'lastcall', version: '0.1.0' },
  }))
}

/** One counter family with `n` series of three labels, for volume and speed tests. */
export function manySeries(n: number): NumberMetricData {
  return {
    ...counter,
    labelNames: ['method', 'route', 'status'],
    points: Array.from({ length: n }, (_, i) => ({
      key: String(i),
      labels: { method: i % 2 === 0 ? 'GET' : 'POST', route: `/route/${i}`, status: String(200 + (i % 5)) },
      value: i * 3,
      startTimeMs: T0,
      timeMs: T1,
    })),
  }
}
