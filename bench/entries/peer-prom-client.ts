// prom-client: a registry and one counter.
import { Counter, Registry } from 'prom-client'

const registry = new Registry()
export const requests = new Counter({ name: 'requests_total', help: 'Requests', registers: [registry] })
requests.inc()
