// The OpenTelemetry web trace SDK with its OTLP/HTTP exporter.
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'

const provider = new WebTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'https://otlp.example.com/v1/traces' }))] })
provider.register()
export const tracer = provider.getTracer('bench')
