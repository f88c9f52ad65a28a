// request-latency: an HTTP API handler without lastcall, the baseline.
export const handler = async (event: { pathParameters?: { name?: string } }) => ({
  statusCode: 200,
  headers: { 'content-type': 'text/plain' },
  body: `hello ${event.pathParameters?.name ?? ''}\n`,
})
