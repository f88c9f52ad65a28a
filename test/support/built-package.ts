/**
 * Makes sure dist/ (what the package's exports map points at) is built and
 * newer than the sources, for tests that import the package by its name in
 * other runtimes. Test files may call it at the same time: a lock directory
 * makes one build while the others wait, then see it fresh.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const MARKER = join(ROOT, 'dist/src/index.js')
const LOCK = join(ROOT, '.tmp/build.lock')
const BUILD_TIMEOUT_MS = 180_000
const STALE_LOCK_MS = 2 * BUILD_TIMEOUT_MS

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

/** True when dist is missing or older than a source file or package.json. */
export function distIsStale(): boolean {
  let built: number
  try {
    built = statSync(MARKER).mtimeMs
  } catch {
    return true
  }
  const sources = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'adapters')), statSync(join(ROOT, 'package.json')).mtimeMs)
  return sources > built
}

/**
 * Runs `npm run build` when dist is stale. Throws with the build's output
 * when it fails (e.g. someone's half-written file does not compile).
 */
export async function ensureBuilt(): Promise<void> {
  if (!distIsStale()) return
  await withLock(async () => {
    if (distIsStale()) await runBuild()
  })
}

async function withLock(fn: () => Promise<void>): Promise<void> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true })
  const deadline = Date.now() + STALE_LOCK_MS
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      // A lock left by a killed run is taken over once it is older than any build could be.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`could not take ${LOCK} within ${STALE_LOCK_MS} ms`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    await fn()
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const append = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000) }
    child.stdout.on('data', append)
    child.stderr.on('data', append)
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new Error(`npm run build failed (exit ${code}); the runtime tests need dist/:\n${output}`))
    })
  })
}
