/** Fault injection for OTLP/HTTP in both encodings: only 429/502/503/504 are retried, partial success never (OT-8, OT-9). */
import { defineFaultSuite } from './support/fault-suite.js'
import { otlpJsonTarget, otlpProtobufTarget } from './support/targets.js'

defineFaultSuite(otlpProtobufTarget)
defineFaultSuite(otlpJsonTarget)
