/** Telemetry, contexts and adapters for the Lambda wrapper's tests. */
import { createTelemetry, type Adapter, type ExportBatch, type ExportContext, type ExportOutcome, type SpanData, type TelemetryOptions } from '../../src/index.js'
import { memoryAdapter } from '../../src/testing/index.js'
import type { LambdaContext } from '../../src/integrations/lambda/index.js'
import { ARN } from './events.js'

let requests = 0

/** A Lambda context whose deadline is `remainingMs` from now (real time, as Lambda's is). */
export function lambdaContext(remainingMs: number | undefined = 30_000, id = `req-${++requests}`): LambdaContext {
  const deadline = Date.now() + (remainingMs ?? 0)
  return {
    awsRequestId: id, functionName: 'orders', invokedFunctionArn: ARN,
    ...(remainingMs === undefined ? {} : { getRemainingTimeInMillis: () => deadline - Date.now() }),
  }
}

export function setup(options: TelemetryOptions = {}) {
  const memory = memoryAdapter()
  const telemetry = createTelemetry({ service: 'orders', adapters: [memory], ...options })
  return { memory, telemetry }
}

/** The root span of the invocation with this request id. */
export function rootOf(spans: readonly SpanData[], requestId: string): SpanData {
  const root = spans.find((s) => s.attributes['faas.invocation_id'] === requestId)
  if (root === undefined) throw new Error(`no root span for ${requestId}`)
  return root
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** An adapter whose exports finish only when the test says so; it records when each started and ended. */
export function gatedAdapter() {
  const log: string[] = []
  const contexts: ExportContext[] = []
  let release: () => void = () => {}
  let gate = new Promise<void>((resolve) => { release = resolve })
  const adapter: Adapter & { log: string[]; contexts: ExportContext[]; release(): void } = {
    name: 'gated', temporality: 'cumulative', signals: { metrics: true, traces: true }, log, contexts,
    release: () => release(),
    async export(_batch: ExportBatch, context: ExportContext): Promise<ExportOutcome> {
      contexts.push(context)
      log.push('export started')
      await gate
      gate = new Promise<void>((resolve) => { release = resolve })
      log.push('export finished')
      return { ok: true }
    },
  }
  return adapter
}

/** An adapter that hangs until its abort signal fires, like a network call to a dead backend. */
export function hangingAdapter() {
  const deadlines: number[] = []
  const adapter: Adapter & { deadlines: number[] } = {
    name: 'hanging', temporality: 'cumulative', signals: { metrics: true, traces: true }, deadlines,
    export: (_batch, context) => {
      deadlines.push(context.deadline - context.clock.now())
      return new Promise((resolve) => context.signal.addEventListener('abort', () => resolve({ ok: false, timedOut: true, message: 'aborted' })))
    },
  }
  return adapter
}
