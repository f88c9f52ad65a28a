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
 * unless one is already registered. Returns whether async context is on.
 */
export function enableAsyncContext(): boolean {
  if (attempted) return asyncContextEnabled()
  attempted = true
  const Storage = loadAsyncLocalStorage<Context>()
  if (Storage === undefined) return false
  api.setGlobalContextManager(new AsyncContextManager(new Storage()))
  return asyncContextEnabled()
}

/** True when a real context manager is registered (ours or the user's). */
export function asyncContextEnabled(): boolean {
  const probe = ROOT_CONTEXT.setValue(Symbol.for('lastcall.probe'), true)
  return api.with(probe, () => api.active() === probe)
}
