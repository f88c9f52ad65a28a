// The core plus the remote-write adapter, no integration.
import { createTelemetry } from 'lastcall'
import { remoteWrite } from 'lastcall/adapters/prometheus-remote-write'

const telemetry = createTelemetry({ service: 'bench', adapters: [remoteWrite({ url: 'https://prometheus.example.com/api/v1/write' })] })
export const requests = telemetry.counter({ name: 'requests_total', help: 'Requests' })
requests.inc()
export const flush = () => telemetry.flush()
