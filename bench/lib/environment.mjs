/** What the figures were measured on, and a wait for the machine to calm down. */
import { execFileSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { ROOT_DIR } from './paths.mjs'

export function describeEnvironment(clock) {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim()
    // The bench's own outputs do not count: a run that follows another finds them changed.
    const changed = execFileSync('git', ['status', '--porcelain', '--', '.', ':!BENCHMARKS.md', ':!bench/results'], { cwd: ROOT_DIR, encoding: 'utf8' }).trim()
    const dirty = changed !== ''
    if (dirty) commit += ' (uncommitted changes)'
  } catch {}
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    commit,
    clock,
  }
}

/**
 * Other jobs share this machine, and even CPU-time figures double when both
 * cores are busy. Waits (up to `maxSeconds`) until the 1-minute load average
 * leaves most of a core free, and returns the load it started with.
 */
export async function waitForQuiet(maxSeconds) {
  const quiet = cpus().length * 0.75
  const deadline = Date.now() + maxSeconds * 1000
  while (loadavg()[0] > quiet && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5000))
  return Number(loadavg()[0].toFixed(2))
}
