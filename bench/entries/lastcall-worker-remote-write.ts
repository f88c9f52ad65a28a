// A Worker: lastcall/cloudflare plus the remote-write adapter.
import { createTelemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { remoteWrite } from 'lastcall/adapters/prometheus-remote-write'

const telemetry = createTelemetry({ service: 'worker', adapters: [remoteWrite({ url: 'https://prometheus.example.com/api/v1/write' })] })
const hits = telemetry.counter({ name: 'hits_total', help: 'Hits' })
export default instrument(telemetry, {
  fetch: () => {
    hits.inc()
    return new Response('ok')
  },
})
