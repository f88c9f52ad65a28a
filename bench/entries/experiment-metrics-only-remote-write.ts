// EXPERIMENT: lastcall-core-remote-write.ts on the core's metrics half only (see experiment/metrics-only-telemetry.ts).
import { createMetricsOnlyTelemetry } from './experiment/metrics-only-telemetry.js'
import { remoteWrite } from 'lastcall/adapters/prometheus-remote-write'

const telemetry = createMetricsOnlyTelemetry({ service: 'bench', adapters: [remoteWrite({ url: 'https://prometheus.example.com/api/v1/write' })] })
export const requests = telemetry.counter({ name: 'requests_total', help: 'Requests' })
requests.inc()
export const flush = () => telemetry.flush()
