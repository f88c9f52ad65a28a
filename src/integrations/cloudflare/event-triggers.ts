/**
 * The instrumented `scheduled` (cron, FaaS trigger `timer`) and `queue`
 * (a CONSUMER span per batch, trigger `pubsub`) handlers of a module Worker.
 */
import { SpanKinds } from '../../index.js'
import { takeColdStart } from '../shared/red-metrics.js'
import { flushInWaitUntil, trackWaitUntil } from '../shared/wait-until.js'
import { hasWaitUntil } from './fetch-trigger.js'
import type { IsolateState } from './isolate-state.js'
import type { ExecutionContext, MessageBatch, ScheduledController } from './types.js'

type EventHandler<E, Env> = (event: E, env: Env, ctx: ExecutionContext) => void | Promise<void>
type InstrumentedEvent<E, Env> = (event: E, env: Env, ctx: ExecutionContext) => Promise<void>

interface EventPlan {
  readonly trigger: 'timer' | 'pubsub'
  readonly name: string
  readonly kind: number
  readonly attributes: Readonly<Record<string, string | number>>
}

export function scheduledTrigger<Env>(stateOf: (env: Env) => IsolateState, scheduled: EventHandler<ScheduledController, Env>): InstrumentedEvent<ScheduledController, Env> {
  return (controller, env, ctx) => {
    const time = Number.isFinite(controller.scheduledTime) ? new Date(controller.scheduledTime).toISOString() : undefined
    const plan: EventPlan = {
      trigger: 'timer', name: 'scheduled', kind: SpanKinds.INTERNAL,
      attributes: { 'faas.cron': controller.cron, ...(time === undefined ? {} : { 'faas.time': time }) },
    }
    return runEvent(stateOf(env), ctx, plan, (tracked) => scheduled(controller, env, tracked))
  }
}

export function queueTrigger<Env>(stateOf: (env: Env) => IsolateState, queue: EventHandler<MessageBatch, Env>): InstrumentedEvent<MessageBatch, Env> {
  return (batch, env, ctx) => {
    const plan: EventPlan = {
      trigger: 'pubsub', name: `${batch.queue} process`, kind: SpanKinds.CONSUMER,
      attributes: {
        'messaging.system': 'cloudflare_queues',
        'messaging.operation.type': 'process',
        'messaging.destination.name': batch.queue,
        'messaging.batch.message_count': batch.messages.length,
      },
    }
    return runEvent(stateOf(env), ctx, plan, (tracked) => queue(batch, env, tracked))
  }
}

async function runEvent(state: IsolateState, ctx: ExecutionContext, plan: EventPlan, call: (ctx: ExecutionContext) => void | Promise<void>): Promise<void> {
  const { telemetry, faas } = state
  const coldStart = takeColdStart(telemetry)
  if (coldStart) faas.coldStarts.inc()
  const invocation = telemetry.startInvocation({
    // Not `{ ...plan.attributes, … }`: a spread followed by new keys is slow in Node 20's V8.
    name: plan.name, kind: plan.kind, attributes: Object.assign({}, plan.attributes, { 'faas.trigger': plan.trigger, 'faas.coldstart': coldStart }),
  })
  const tracker = hasWaitUntil(ctx) ? trackWaitUntil(ctx) : undefined
  const startedMs = telemetry.options.clock.now()
  let thrown: { value: unknown } | undefined
  try {
    await invocation.run(() => call(tracker?.context ?? ctx))
  } catch (error) {
    thrown = { value: error }
    throw error
  } finally {
    const seconds = Math.max(0, telemetry.options.clock.now() - startedMs) / 1000
    faas.invocations.inc({ trigger: plan.trigger, outcome: thrown === undefined ? 'success' : 'error' })
    faas.duration.observe({ trigger: plan.trigger }, seconds)
    invocation.end(thrown === undefined ? {} : { error: thrown.value })
    if (tracker !== undefined) flushInWaitUntil(ctx, tracker, telemetry, invocation.info)
    else void telemetry.flush({ invocation: invocation.info })
  }
}
