/**
 * The default clock: epoch milliseconds with sub-millisecond steps. On Node
 * it must not touch `performance`, whose first use loads perf_hooks (1–2 ms
 * of CPU at every cold start); other hosts keep `performance`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Clock } from '../../src/core/clock.js'

const realPerformance = Object.getOwnPropertyDescriptor(globalThis, 'performance')

/** Imports a fresh copy of the clock module while `performance` counts its readers. */
async function freshClock(): Promise<{ clock: Clock; performanceReads: () => number }> {
  let reads = 0
  Object.defineProperty(globalThis, 'performance', {
    configurable: true,
    get() {
      reads++
      return realPerformance?.get?.call(globalThis) ?? realPerformance?.value
    },
  })
  vi.resetModules()
  const { systemClock } = await import('../../src/core/clock.js')
  return { clock: systemClock, performanceReads: () => reads }
}

afterEach(() => {
  if (realPerformance !== undefined) Object.defineProperty(globalThis, 'performance', realPerformance)
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('systemClock', () => {
  it('on Node, reads wall time without touching `performance`', async () => {
    const { clock, performanceReads } = await freshClock()
    const before = Date.now()
    const now = clock.now()
    const after = Date.now()
    expect(performanceReads()).toBe(0)
    // Within a millisecond of the wall clock (Date.now() truncates to whole ms).
    expect(now).toBeGreaterThan(before - 1)
    expect(now).toBeLessThan(after + 1)
  })

  it('on Node, never goes backwards and steps below a millisecond', async () => {
    const { clock } = await freshClock()
    const readings: number[] = []
    for (let i = 0; i < 2000; i++) readings.push(clock.now())
    for (let i = 1; i < readings.length; i++) expect(readings[i]).toBeGreaterThanOrEqual(readings[i - 1] as number)
    expect(readings.some((t) => !Number.isInteger(t))).toBe(true)
  })

  it('elsewhere (here: Bun), keeps `performance.timeOrigin + performance.now()`', async () => {
    vi.stubGlobal('Bun', { version: '1.1.0' })
    const { clock, performanceReads } = await freshClock()
    const now = clock.now()
    expect(performanceReads()).toBeGreaterThan(0)
    expect(Math.abs(now - Date.now())).toBeLessThan(50)
  })
})
