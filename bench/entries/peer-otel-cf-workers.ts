// @microlabs/otel-cf-workers: a Worker instrumented with its OTLP exporter.
import { instrument } from '@microlabs/otel-cf-workers'

const handler = { fetch: () => new Response('ok') }
export default instrument(handler, () => ({ exporter: { url: 'https://otlp.example.com/v1/traces' }, service: { name: 'worker' } }))
