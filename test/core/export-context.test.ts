import { describe, expect, it, vi } from 'vitest'
import { createExportContext } from '../../src/index.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('createExportContext', () => {
  it('aborts its signal at the deadline, read before or after it passed', async () => {
    const early = createExportContext({ timeoutMs: 20 })
    const before = early.context.signal
    const late = createExportContext({ timeoutMs: 20 })
    expect(before.aborted).toBe(false)
    await sleep(60)
    expect(before.aborted).toBe(true)
    // Made on first use, after the deadline: born aborted.
    expect(late.context.signal.aborted).toBe(true)
    early.dispose()
    late.dispose()
  })

  it('gives the same signal on every read, and to the retry loop', async () => {
    const { context, dispose } = createExportContext({ timeoutMs: 1000 })
    const seen: AbortSignal[] = []
    await context.retry(async (signal) => {
      seen.push(signal)
      return { ok: true, value: undefined }
    })
    expect(seen).toEqual([context.signal])
    expect(context.signal).toBe(context.signal)
    dispose()
  })

  it('follows a parent signal, also one that aborted before the context was made', () => {
    const parent = new AbortController()
    const first = createExportContext({ timeoutMs: 1000, signal: parent.signal })
    const signal = first.context.signal
    parent.abort()
    expect(signal.aborted).toBe(true)
    const second = createExportContext({ timeoutMs: 1000, signal: parent.signal })
    expect(second.context.signal.aborted).toBe(true)
    first.dispose()
    second.dispose()
  })

  it('after dispose, neither the deadline nor the parent aborts it', async () => {
    const parent = new AbortController()
    const { context, dispose } = createExportContext({ timeoutMs: 20, signal: parent.signal })
    dispose()
    parent.abort()
    await sleep(50)
    expect(context.signal.aborted).toBe(false)
  })

  it('sets no timer until its signal is read, and none is left after dispose', () => {
    vi.useFakeTimers()
    try {
      const before = vi.getTimerCount()
      const { context, dispose } = createExportContext({ timeoutMs: 1000 })
      expect(vi.getTimerCount()).toBe(before)
      const signal = context.signal
      expect(vi.getTimerCount()).toBe(before + 1)
      vi.advanceTimersByTime(1000)
      expect(signal.aborted).toBe(true)
      dispose()
      expect(vi.getTimerCount()).toBe(before)
    } finally {
      vi.useRealTimers()
    }
  })

  it('read first after dispose, is aborted only if the deadline or the parent had come by then', async () => {
    const passed = createExportContext({ timeoutMs: 10 })
    await sleep(30)
    passed.dispose()
    expect(passed.context.signal.aborted).toBe(true)
    const parent = new AbortController()
    const aborted = createExportContext({ timeoutMs: 1000, signal: parent.signal })
    parent.abort()
    aborted.dispose()
    expect(aborted.context.signal.aborted).toBe(true)
  })
})
