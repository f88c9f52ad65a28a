/**
 * `lastcall/adapters/otlp`: OTLP/HTTP traces and metrics, protobuf or JSON.
 * @packageDocumentation
 */
export { otlp } from './otlp.js'
export type { OtlpOptions, OtlpEncoding, OtlpCompression, OtlpSignal } from './options.js'
export { encodeTracesProto } from './proto-traces.js'
export { encodeMetricsProto } from './proto-metrics.js'
export { encodeTracesJson } from './json-traces.js'
export { encodeMetricsJson } from './json-metrics.js'
