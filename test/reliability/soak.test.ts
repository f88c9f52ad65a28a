/**
 * Bounded memory: a million invocations in one process (a child run with
 * --expose-gc, plain node with tsx, so vitest's own bookkeeping is not in
 * the heap measured), each with two spans and counter and histogram
 * updates on a fixed series set, flushed every 1,000 invocations. The heap
 * after the run stays within a few MB of the heap after the first 10,000,
 * and the spans of a flushed batch are garbage-collected.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('./support/soak-run.ts', import.meta.url))
/** Generous: the run takes about five seconds on a laptop. */
const CHILD_TIMEOUT_MS = 50_000
const MAX_GROWTH_MB = 8

interface SoakResult {
  invocations: number
  seconds: number
  heapWarmMb: number
  heapEndMb: number
  growthMb: number
  spansTracked: number
  spansCollected: number
}

function runSoak(): Promise<SoakResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], { timeout: CHILD_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error !== null) return reject(new Error(`soak run failed: ${error.message}\n${stderr}`))
      const line = stdout.trim().split('\n').at(-1) ?? ''
      try {
        resolve(JSON.parse(line) as SoakResult)
      } catch {
        reject(new Error(`soak run printed no result: ${stdout}\n${stderr}`))
      }
    })
  })
}

describe('soak: 1,000,000 invocations', () => {
  it(`keeps the heap within ${MAX_GROWTH_MB} MB of its size after 10,000 invocations, and frees flushed spans`, async () => {
    const result = await runSoak()
    console.info(`soak: ${result.invocations} invocations in ${result.seconds.toFixed(1)} s; heap ${result.heapWarmMb.toFixed(2)} MB after 10,000, ${result.heapEndMb.toFixed(2)} MB at the end (${result.growthMb >= 0 ? '+' : ''}${result.growthMb.toFixed(2)} MB); ${result.spansCollected} of ${result.spansTracked} tracked spans collected`)
    expect(result.invocations).toBe(1_000_000)
    expect(result.growthMb).toBeLessThan(MAX_GROWTH_MB)
    expect(result.spansTracked).toBe(2_000)
    // Most, not all: a span still referenced from a register or a stack slot at the moment of GC is fine.
    expect(result.spansCollected).toBeGreaterThanOrEqual(result.spansTracked * 0.9)
  }, CHILD_TIMEOUT_MS + 10_000)
})
