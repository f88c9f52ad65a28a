// EXPERIMENT: the core's metrics half alone (see experiment/metrics-only-telemetry.ts), one counter, no adapter.
import { createMetricsOnlyTelemetry } from './experiment/metrics-only-telemetry.js'

const telemetry = createMetricsOnlyTelemetry({ service: 'bench', adapters: [] })
export const requests = telemetry.counter({ name: 'requests_total', help: 'Requests' })
requests.inc()
export const flush = () => telemetry.flush()
