// request-latency: the same handler inside `wrapHandler`. The console adapter
// writes nowhere, so each invocation pays for its span, metrics and flush only.
import { createTelemetry } from 'lastcall'
import { consoleAdapter } from 'lastcall/adapters/console'
import { wrapHandler } from 'lastcall/lambda'

const telemetry = createTelemetry({ service: 'bench-latency', adapters: [consoleAdapter({ write: () => {} })] })

export const handler = wrapHandler(telemetry, async (event: { pathParameters?: { name?: string } }) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/plain' },
  body: `hello ${event.pathParameters?.name ?? ''}\n`,
}))
