// A Worker: lastcall/cloudflare plus the OTLP adapter, registered with @opentelemetry/api through lastcall/otel.
import { createTelemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { otlp } from 'lastcall/adapters/otlp'
import { registerGlobal } from 'lastcall/otel'

const telemetry = createTelemetry({ service: 'worker', adapters: [otlp({ endpoint: 'https://otlp.example.com' })] })
registerGlobal(telemetry)
const hits = telemetry.counter({ name: 'hits_total', help: 'Hits' })
export default instrument(telemetry, {
  fetch: () => {
    hits.inc()
    return new Response('ok')
  },
})
