/**
 * The one guarded place where the core looks at host globals (`process`,
 * `Deno`, `Bun`, `navigator`). Everything else in the core takes what it
 * needs from here, so the core stays importable on every runtime.
 */

export type RuntimeName = 'lambda' | 'workers' | 'deno' | 'bun' | 'node' | 'unknown'

interface HostGlobals {
  process?: { env?: Record<string, string | undefined>; versions?: Record<string, string | undefined>; version?: string }
  Deno?: { version?: { deno?: string }; env?: { toObject(): Record<string, string> } }
  Bun?: { version?: string }
  navigator?: { userAgent?: string }
}

const host = globalThis as unknown as HostGlobals

/** The process environment where the host has one (Node, Bun, Deno with --allow-env); `{}` on Workers. */
export function hostEnv(): Readonly<Record<string, string | undefined>> {
  if (host.process?.env !== undefined) return host.process.env
  try {
    return host.Deno?.env?.toObject() ?? {}
  } catch {
    // Deno without --allow-env.
    return {}
  }
}

/** Which host this is. Lambda is recognised by its environment, Workers by their user agent. */
export function detectRuntime(env: Readonly<Record<string, string | undefined>>): RuntimeName {
  if (env['AWS_LAMBDA_FUNCTION_NAME'] !== undefined) return 'lambda'
  if (host.navigator?.userAgent === 'Cloudflare-Workers') return 'workers'
  if (host.Deno !== undefined) return 'deno'
  if (host.Bun !== undefined) return 'bun'
  if (host.process?.versions?.['node'] !== undefined) return 'node'
  return 'unknown'
}

/** `process.runtime.*` attributes of the semantic conventions, for the resource. */
export function runtimeAttributes(): Record<string, string> {
  if (host.Deno?.version?.deno !== undefined) return { 'process.runtime.name': 'deno', 'process.runtime.version': host.Deno.version.deno }
  if (host.Bun?.version !== undefined) return { 'process.runtime.name': 'bun', 'process.runtime.version': host.Bun.version }
  if (host.navigator?.userAgent === 'Cloudflare-Workers') return { 'process.runtime.name': 'workerd' }
  const node = host.process?.versions?.['node']
  if (node !== undefined) return { 'process.runtime.name': 'nodejs', 'process.runtime.version': node }
  return {}
}

/**
 * Node's monotonic clock in ms, read through `process.hrtime`, or undefined
 * on any other host. On Node the first touch of `performance` loads
 * perf_hooks (1–2 ms of CPU, paid at every cold start); `process.hrtime` is
 * the same clock `performance.now()` reads, and is there from the start.
 */
export function nodeMonotonicMs(): (() => number) | undefined {
  if (runtimeAttributes()['process.runtime.name'] !== 'nodejs') return undefined
  const hrtime = (host.process as { hrtime?: { bigint?: () => bigint } }).hrtime
  if (hrtime === undefined || typeof hrtime.bigint !== 'function') return undefined
  const clock = hrtime as { bigint(): bigint }
  const base = clock.bigint()
  // Counted from `base`, the nanoseconds stay far inside a double's exact range.
  return () => Number(clock.bigint() - base) / 1e6
}

/** The part of `AsyncLocalStorage` the context manager uses. */
export interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined
  run<R>(store: T, fn: () => R): R
  disable(): void
}

/**
 * `AsyncLocalStorage` where the host has it (Node, Bun, Deno, Workers with
 * nodejs_compat), loaded through `process.getBuiltinModule` so the core
 * carries no `node:` import; undefined elsewhere.
 */
export function loadAsyncLocalStorage<T>(): (new () => AsyncLocalStorageLike<T>) | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    const mod = proc?.getBuiltinModule?.('node:async_hooks') as { AsyncLocalStorage?: new () => AsyncLocalStorageLike<T> } | undefined
    return mod?.AsyncLocalStorage
  } catch {
    return undefined
  }
}

/** Where a tracing fetch wrapper (lastcall/cloudflare's) keeps the fetch it wraps; `Symbol.for`, so copies of lastcall agree. */
const ORIGINAL_FETCH = Symbol.for('lastcall.originalFetch')

/**
 * The global fetch with any lastcall tracing wrapper peeled off, looked up
 * per call so a fetch installed later (or stubbed by a test) is still used.
 * Adapters send through this: their own requests must never be traced.
 */
export function untracedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let fetchFn = globalThis.fetch as typeof fetch & { [ORIGINAL_FETCH]?: typeof fetch }
  while (typeof fetchFn[ORIGINAL_FETCH] === 'function') fetchFn = fetchFn[ORIGINAL_FETCH] as typeof fetchFn
  return fetchFn.call(globalThis, input, init)
}
