/** Fault injection for the Prometheus adapters: remote-write (RW-19) and the Pushgateway (PG-5). */
import { defineFaultSuite } from './support/fault-suite.js'
import { pushgatewayTarget, remoteWriteTarget } from './support/targets.js'

defineFaultSuite(remoteWriteTarget)
defineFaultSuite(pushgatewayTarget)
