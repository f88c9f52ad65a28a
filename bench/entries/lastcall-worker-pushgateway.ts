// A Worker: lastcall/cloudflare plus the Pushgateway adapter.
import { createTelemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { pushgateway } from 'lastcall/adapters/pushgateway'

const telemetry = createTelemetry({ service: 'worker', adapters: [pushgateway({ url: 'https://pushgateway.example.com' })] })
const hits = telemetry.counter({ name: 'hits_total', help: 'Hits' })
export default instrument(telemetry, {
  fetch: () => {
    hits.inc()
    return new Response('ok')
  },
})
