/**
 * Spans: start and end a span with three attributes inside an invocation.
 * One timed call is one invocation of 100 child spans, ended and flushed
 * (lastcall with no adapters; OpenTelemetry's SimpleSpanProcessor into an
 * InMemorySpanExporter, reset after each flush), so finished spans never
 * pile up and each library pays its own end-of-invocation work.
 */
import { context, trace } from '@opentelemetry/api'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { createTelemetry } from '../../src/index.js'
import { registerGlobal } from '../../src/otel/index.js'
import { timeCases, report, type Case } from '../lib/measure.js'

const SPANS = 100
const attributes = { 'http.request.method': 'GET', 'http.route': '/users/:id', 'http.response.status_code': 200 }

// Registered with the API, lastcall's AsyncLocalStorage context is the one both libraries use.
const telemetry = createTelemetry({ service: 'bench', adapters: [] })
registerGlobal(telemetry)

function lastcallCases(): Case[] {
  const tracer = telemetry.tracer
  const children = (): void => {
    for (let i = 0; i < SPANS; i++) tracer.startSpan('op', { attributes }).end()
  }
  return [
    {
      id: 'span.start-end', lib: 'lastcall', ops: SPANS, fn: async () => {
        const invocation = telemetry.startInvocation({ name: 'bench' })
        invocation.run(children)
        invocation.end()
        await telemetry.flush()
      },
    },
    {
      id: 'span.invocation', lib: 'lastcall', fn: async () => {
        telemetry.startInvocation({ name: 'bench' }).end()
        await telemetry.flush()
      },
    },
  ]
}

function otelCases(): Case[] {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const tracer = provider.getTracer('bench')
  const children = (): void => {
    for (let i = 0; i < SPANS; i++) tracer.startSpan('op', { attributes }).end()
  }
  return [
    {
      id: 'span.start-end', lib: 'OpenTelemetry', ops: SPANS, fn: async () => {
        const root = tracer.startSpan('bench', { kind: 1 })
        context.with(trace.setSpan(context.active(), root), children)
        root.end()
        await provider.forceFlush()
        exporter.reset()
      },
    },
    {
      id: 'span.invocation', lib: 'OpenTelemetry', fn: async () => {
        tracer.startSpan('bench', { kind: 1 }).end()
        await provider.forceFlush()
        exporter.reset()
      },
    },
  ]
}

const cases = [...lastcallCases(), ...otelCases()]
if (Number(process.env['BENCH_RUN_INDEX'] ?? 0) % 2 === 1) cases.reverse()
report('spans', await timeCases(cases))
