// A Worker: lastcall/cloudflare plus the OTLP adapter.
import { createTelemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { otlp } from 'lastcall/adapters/otlp'

const telemetry = createTelemetry({ service: 'worker', adapters: [otlp({ endpoint: 'https://otlp.example.com' })] })
const hits = telemetry.counter({ name: 'hits_total', help: 'Hits' })
export default instrument(telemetry, {
  fetch: () => {
    hits.inc()
    return new Response('ok')
  },
})
