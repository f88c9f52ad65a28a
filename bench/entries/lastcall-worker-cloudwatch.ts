// A Worker: lastcall/cloudflare plus the CloudWatch adapter (EMF lines; the AWS SDK is loaded only in api mode).
import { createTelemetry } from 'lastcall'
import { instrument } from 'lastcall/cloudflare'
import { cloudwatch } from 'lastcall/adapters/cloudwatch'

const telemetry = createTelemetry({ service: 'worker', adapters: [cloudwatch({ namespace: 'bench', mode: 'emf' })] })
const hits = telemetry.counter({ name: 'hits_total', help: 'Hits' })
export default instrument(telemetry, {
  fetch: () => {
    hits.inc()
    return new Response('ok')
  },
})
