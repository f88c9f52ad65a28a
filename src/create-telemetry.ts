/** The public `createTelemetry`: the core, with the console adapter as the default destination. */
import { consoleAdapter } from '../adapters/console/console-adapter.js'
import type { TelemetryOptions } from './core/options.js'
import { createTelemetryWith, type Telemetry } from './core/telemetry.js'

/**
 * Creates a telemetry: its own registry, tracer and flush engine. Nothing is
 * sent until `flush()`; with no `adapters`, flushes print to the console.
 * @example
 * const telemetry = createTelemetry({ service: 'checkout', adapters: [otlp({ endpoint })] })
 */
export function createTelemetry(options?: TelemetryOptions): Telemetry {
  return createTelemetryWith(options, () => [consoleAdapter()])
}
