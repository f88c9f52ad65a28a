// prom-client loaded from node_modules: a registry and one counter.
import promClient from 'prom-client'

const registry = new promClient.Registry()
export const requests = new promClient.Counter({ name: 'requests_total', help: 'Requests', registers: [registry] })
requests.inc()
