/**
 * An OpenTelemetry ContextManager on AsyncLocalStorage, so the active span
 * follows awaits. Registered once per process when the host has
 * AsyncLocalStorage and no other manager is registered.
 */
import { context as api, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api'
import { loadAsyncLocalStorage, type AsyncLocalStorageLike } from '../runtime.js'

class AsyncContextManager implements ContextManager {
  readonly #storage: AsyncLocalStorageLike<Context>

  constructor(storage: AsyncLocalStorageLike<Context>) {
    this.#storage = storage
  }

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#storage.run(ctx, () => fn.apply(thisArg, args))
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target
    const manager = this
    const fn = target as unknown as (...args: unknown[]) => unknown
    return function bound(this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => fn.apply(this, args))
    } as unknown as T
  }

  enable(): this {
    return this
  }

  disable(): this {
    this.#storage.disable()
    return this
  }
}

let attempted = false

/**
 * Registers the AsyncLocalStorage context manager with `@opentelemetry/api`
 * unless one is already registered (the API keeps the first). Nothing runs
 * inside the storage here: its first `run` turns on the host's promise
 * hooks, and that cost belongs to the first invocation, not to import time.
 */
export function enableAsyncContext(): void {
  if (attempted) return
  attempted = true
  const Storage = loadAsyncLocalStorage<Context>()
  if (Storage !== undefined) api.setGlobalContextManager(new AsyncContextManager(new Storage()))
}
