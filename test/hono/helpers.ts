/** Shared set-up of the hono middleware tests: a telemetry on a memory adapter, and a Workers-style ctx. */
import { createTelemetry, type Telemetry } from '../../src/index.js'
import { memoryAdapter, type MemoryAdapter } from '../../src/testing/index.js'

export function memoryTelemetry(): { telemetry: Telemetry; memory: MemoryAdapter } {
  const memory = memoryAdapter()
  return { telemetry: createTelemetry({ service: 'hono-test', adapters: [memory] }), memory }
}

/** A Workers ExecutionContext stand-in that keeps what it was given, with `this` checks like workerd's. */
export class FakeExecutionContext {
  readonly promises: Promise<unknown>[] = []
  /** workerd's ctx carries it (hono's type requires it). */
  readonly props: Record<string, unknown> = {}
  waitUntil(promise: Promise<unknown>): void {
    if (!(this instanceof FakeExecutionContext)) throw new TypeError('Illegal invocation')
    this.promises.push(promise)
  }
  passThroughOnException(): void {
    if (!(this instanceof FakeExecutionContext)) throw new TypeError('Illegal invocation')
  }
  /** Settles everything handed to waitUntil, including promises added meanwhile. */
  async drain(): Promise<void> {
    for (let seen = -1; seen !== this.promises.length; ) {
      seen = this.promises.length
      await Promise.allSettled(this.promises)
    }
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** Every label set a metric was recorded with, from the registry (no flush needed). */
export function seriesOf(telemetry: Telemetry, name: string): Array<Record<string, string>> {
  return telemetry.collect().find((m) => m.name === name)?.points.map((p) => ({ ...p.labels })) ?? []
}

export function valueOf(telemetry: Telemetry, name: string, labels: Record<string, string>): number | undefined {
  const metric = telemetry.collect().find((m) => m.name === name)
  const point = metric?.points.find((p) => JSON.stringify(Object.entries(p.labels).sort()) === JSON.stringify(Object.entries(labels).sort()))
  if (point === undefined) return undefined
  return 'value' in point ? point.value : point.count
}
