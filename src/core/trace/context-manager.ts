/**
 * The active context, kept by lastcall itself: on AsyncLocalStorage where
 * the host has it, so the active span follows awaits; elsewhere on a stack
 * that holds through synchronous code. `lastcall/otel` registers it as the
 * `@opentelemetry/api` global context manager or, when the program
 * registered another one first, points lastcall at that one instead.
 *
 * The choice is per process, like the API's own global: one async context
 * serves every telemetry, as there is one per host.
 */
import type { Context, ContextManager } from '@opentelemetry/api'
import { loadAsyncLocalStorage, type AsyncLocalStorageLike } from '../runtime.js'
import { ROOT_CONTEXT } from './context.js'

/** Where the active context comes from: lastcall's own store, or the API's registered manager. */
export interface ContextSource {
  active(): Context
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F>
}

class AsyncSource implements ContextSource {
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
}

/** Without async context (Workers without nodejs_compat): right for synchronous code, the root after an await. */
class StackSource implements ContextSource {
  #current = ROOT_CONTEXT

  active(): Context {
    return this.#current
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    const previous = this.#current
    this.#current = ctx
    try {
      return fn.apply(thisArg, args)
    } finally {
      this.#current = previous
    }
  }
}

let own: ContextSource | undefined
let followed: ContextSource | undefined

/**
 * lastcall's own store, made on first use. Making an AsyncLocalStorage is
 * cheap; its first `run` turns on the host's promise hooks, and that cost
 * belongs to the first invocation, not to import time.
 */
function ownSource(): ContextSource {
  if (own === undefined) {
    const Storage = loadAsyncLocalStorage<Context>()
    own = Storage === undefined ? new StackSource() : new AsyncSource(new Storage())
  }
  return own
}

/** The manager `lastcall/otel` made lastcall follow, else lastcall's own store. */
function source(): ContextSource {
  return followed ?? ownSource()
}

/** The active context. */
export function activeContext(): Context {
  return source().active()
}

/** Runs `fn` with `ctx` active. */
export function withContext<T>(ctx: Context, fn: () => T): T {
  return source().with(ctx, fn)
}

/**
 * @internal For `lastcall/otel`: follow another context manager (the one
 * the program registered with the API), or, with undefined, lastcall's own again.
 */
export function followContext(source: ContextSource | undefined): void {
  followed = source
}

/** lastcall's active context as an `@opentelemetry/api` ContextManager, for `lastcall/otel` to register. */
export class LastcallContextManager implements ContextManager {
  active(): Context {
    return activeContext()
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return source().with(ctx, fn, thisArg, ...args)
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
    return this
  }
}
