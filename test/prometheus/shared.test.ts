import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSerialQueue, TURN_ABORTED } from '../../adapters/shared/serial.js'
import { backendsAvailable } from '../support/prometheus.js'

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('createSerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const queue = createSerialQueue()
    const log: string[] = []
    let running = 0
    const task = (name: string) => async (): Promise<string> => {
      expect(++running).toBe(1)
      log.push(`start ${name}`)
      await delay(10)
      log.push(`end ${name}`)
      running--
      return name
    }
    const signal = new AbortController().signal
    expect(await Promise.all(['a', 'b', 'c'].map((n) => queue.run(task(n), signal)))).toEqual(['a', 'b', 'c'])
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  it('gives up a turn when the signal aborts first, without letting later tasks overlap the running one', async () => {
    const queue = createSerialQueue()
    let running = 0
    let peak = 0
    const slow = async (): Promise<void> => {
      peak = Math.max(peak, ++running)
      await delay(80)
      running--
    }
    const first = queue.run(slow, new AbortController().signal)
    const impatient = new AbortController()
    const second = queue.run(slow, impatient.signal)
    const third = queue.run(slow, new AbortController().signal)
    setTimeout(() => impatient.abort(), 10)
    expect(await second).toBe(TURN_ABORTED)
    await Promise.all([first, third])
    expect(peak).toBe(1)
  })

  it('keeps going after a task rejects', async () => {
    const queue = createSerialQueue()
    const signal = new AbortController().signal
    await expect(queue.run(() => Promise.reject(new Error('boom')), signal)).rejects.toThrow('boom')
    expect(await queue.run(async () => 'next', signal)).toBe('next')
  })
})

describe('backendsAvailable', () => {
  const ci = process.env['CI']
  afterEach(() => {
    if (ci === undefined) delete process.env['CI']
    else process.env['CI'] = ci
    vi.restoreAllMocks()
  })

  it('skips loudly when a binary is missing outside CI', () => {
    delete process.env['CI']
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(backendsAvailable('/nonexistent/prometheus')).toEqual({ run: false, missing: ['/nonexistent/prometheus'] })
    expect(warn.mock.calls[0]?.[0]).toContain('SKIPPING')
  })

  it('runs (and so fails in beforeAll) when a binary is missing under CI=true', () => {
    process.env['CI'] = 'true'
    expect(backendsAvailable('/nonexistent/prometheus')).toEqual({ run: true, missing: ['/nonexistent/prometheus'] })
  })

  it('makes startPrometheus reject with an install hint when the binary is missing', async () => {
    const bin = process.env['PROMETHEUS_BIN']
    process.env['PROMETHEUS_BIN'] = '/nonexistent/prometheus'
    vi.resetModules()
    try {
      const support = await import('../support/prometheus.js')
      await expect(support.startPrometheus()).rejects.toThrow(/missing: install the Debian packages prometheus and prometheus-pushgateway/)
    } finally {
      if (bin === undefined) delete process.env['PROMETHEUS_BIN']
      else process.env['PROMETHEUS_BIN'] = bin
    }
  })
})
