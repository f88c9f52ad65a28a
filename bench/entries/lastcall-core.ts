// The core alone: a telemetry and one counter.
import { createTelemetry } from 'lastcall'

const telemetry = createTelemetry({ service: 'bench' })
export const requests = telemetry.counter({ name: 'requests_total', help: 'Requests' })
requests.inc()
