/**
 * The parts of the Workers runtime this integration touches, as small
 * structural interfaces of our own: no dependency on
 * `@cloudflare/workers-types`, whose richer types still fit these.
 */

/** The third argument of every module Worker handler. */
export interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException?(): void
}

/** What a cron trigger passes to `scheduled`. */
export interface ScheduledController {
  /** Epoch ms the run was scheduled for. */
  readonly scheduledTime: number
  /** The cron expression that fired, e.g. `*\/5 * * * *`. */
  readonly cron: string
  noRetry?(): void
}

/** One message of a queue batch. */
export interface QueueMessage<Body = unknown> {
  readonly id: string
  readonly timestamp: Date
  readonly body: Body
  readonly attempts?: number
  /** Marks this message done, whatever happens to the rest of the batch. */
  ack?(): void
  /** Asks for this message to be delivered again. */
  retry?(): void
}

/** What a queue consumer receives. */
export interface MessageBatch<Body = unknown> {
  readonly queue: string
  readonly messages: readonly QueueMessage<Body>[]
  ackAll?(): void
  retryAll?(): void
}

/**
 * A module Worker's default export, as `instrument` accepts it. Other members
 * (`email`, `tail`, …) are kept as they are. `Ctx` is whatever context type
 * your handlers declare (hono's, `@cloudflare/workers-types`'): they get the
 * host's own context, proxied, so every member it has stays usable.
 */
export interface WorkerHandler<Env = unknown, Ctx extends ExecutionContext = ExecutionContext> {
  fetch?(request: Request, env: Env, ctx: Ctx): Response | Promise<Response>
  scheduled?(controller: ScheduledController, env: Env, ctx: Ctx): void | Promise<void>
  queue?(batch: MessageBatch, env: Env, ctx: Ctx): void | Promise<void>
}

/** The handlers `instrument` puts on the object it returns. */
export interface InstrumentedTriggers<Env> {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void>
  queue(batch: MessageBatch, env: Env, ctx: ExecutionContext): Promise<void>
}

/** What `instrument` returns for a handler `H`: its other members, and its triggers instrumented. */
export type InstrumentedHandler<H, Env> = Omit<H, keyof InstrumentedTriggers<Env>> &
  Pick<InstrumentedTriggers<Env>, Extract<keyof H, keyof InstrumentedTriggers<Env>>>
