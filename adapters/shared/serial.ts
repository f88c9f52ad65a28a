/**
 * Runs an adapter's exports one at a time. Remote-write must never carry
 * one series in two concurrent requests, and a Pushgateway PUT of an older
 * snapshot must never land after a newer one; serializing per adapter
 * instance gives both.
 */

/** The result a task gets when its turn never came before its signal aborted. */
export const TURN_ABORTED: unique symbol = Symbol('turn-aborted')

/** A queue that runs tasks one after another. */
export interface SerialQueue {
  /**
   * Runs `task` after every earlier task has settled. Resolves to
   * `TURN_ABORTED` without running it when `signal` aborts first.
   */
  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T | typeof TURN_ABORTED>
}

/**
 * Makes a serial queue.
 * @example
 * const queue = createSerialQueue()
 * const result = await queue.run(() => sendAll(batch), context.signal)
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T | typeof TURN_ABORTED> {
      const previous = tail
      const result = waitTurn(previous, signal).then((turn): Promise<T | typeof TURN_ABORTED> => (turn ? task() : Promise.resolve(TURN_ABORTED)))
      // The next task waits for this one and everything before it, even when
      // this one gave up its turn, so two tasks never overlap.
      tail = previous.then(() => result).then(noop, noop)
      return result
    },
  }
}

const noop = (): void => {}

/** Resolves true when `previous` settles, false if `signal` aborts first. */
function waitTurn(previous: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(false)
    signal.addEventListener('abort', onAbort, { once: true })
    previous.then(noop, noop).then(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(!signal.aborted)
    })
  })
}
