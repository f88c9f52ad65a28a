/**
 * The EMF adapter's default writer against real descriptors: on Lambda it
 * writes to descriptor 1 without building `process.stdout` (a few ms of every
 * cold start), falls back to the stream when a non-blocking pipe is full
 * without losing, splitting or reordering a line, and reports a closed pipe
 * as a failed export. Each case runs the fixture in its own Node process.
 */
import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { emfProblems } from './emf-validator.js'

const fixture = fileURLToPath(new URL('./fixtures/emf-stdout.ts', import.meta.url))
const inWorker = fileURLToPath(new URL('./fixtures/emf-stdout-worker.ts', import.meta.url))
const LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: 'checkout' }

interface Report {
  outcomes: { ok: boolean; message?: string }[]
  stdoutReads: number
  streamWrites: number
}

interface Run {
  stdout: string
  report: Report
}

interface Options {
  env?: Record<string, string>
  exports?: number
  /** Leave stdout unread until every export has returned. */
  holdStdout?: boolean
  /** Close the read end of stdout before the child exports. */
  closeStdout?: boolean
  /** A file descriptor for the child's stdout instead of a pipe. */
  stdoutFd?: number
  /** Run the fixture in a worker thread. */
  worker?: boolean
}

/** Runs the fixture, bounded in time, and parses its stderr report. */
function runFixture(options: Options): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env, EMF_EXPORTS: String(options.exports ?? 1) }
  if (options.env?.['AWS_LAMBDA_FUNCTION_NAME'] === undefined) delete env['AWS_LAMBDA_FUNCTION_NAME']
  if (options.closeStdout === true) env['EMF_WAIT_STDIN'] = '1'
  const child = spawn(process.execPath, ['--import', 'tsx', options.worker === true ? inWorker : fixture], { env, stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'] })
  return new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the fixture did not finish within 20 s'))
    }, 20_000)
    const out: Buffer[] = []
    let err = ''
    const read = () => child.stdout?.on('data', (chunk: Buffer) => out.push(chunk))
    if (options.holdStdout !== true && options.closeStdout !== true) read()
    if (options.closeStdout === true) {
      child.stdout?.destroy()
      child.stdin?.end('go\n')
    }
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      if (options.holdStdout === true && err.startsWith('exported\n') && out.length === 0) read()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const last = err.trim().split('\n').pop() ?? ''
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`the fixture exited with ${code}: ${err}`))
      resolve({ stdout: Buffer.concat(out).toString(), report: JSON.parse(last) as Report })
    })
  })
}

/** The documents of `stdout`, each checked against the EMF specification; their `seq` values in order. */
function documents(stdout: string): number[] {
  const lines = stdout.split('\n')
  expect(lines.pop()).toBe('')
  return lines.map((line) => {
    expect(emfProblems(line)).toEqual([])
    const document = JSON.parse(line) as { seq: string; requests_total_0: number }
    expect(document.requests_total_0).toBe(Number(document.seq))
    return Number(document.seq)
  })
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('EMF default writer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastcall-emf-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('on Lambda, warms up and writes whole lines to descriptor 1 without building process.stdout', async () => {
    const { stdout, report } = await runFixture({ env: { ...LAMBDA, EMF_WARM: '1' }, exports: 20 })
    expect(report.outcomes).toEqual(range(20).map(() => ({ ok: true, attempts: 1 })))
    expect(documents(stdout)).toEqual(range(20))
    expect(report.stdoutReads).toBe(0)
  })

  it('on Lambda with stdout redirected to a file, writes there', async () => {
    const path = join(dir, 'stdout.log')
    const fd = openSync(path, 'w')
    try {
      const { report } = await runFixture({ env: LAMBDA, exports: 5, stdoutFd: fd })
      expect(report.outcomes.every((outcome) => outcome.ok)).toBe(true)
      expect(report.stdoutReads).toBe(0)
    } finally {
      closeSync(fd)
    }
    expect(documents(readFileSync(path, 'utf8'))).toEqual(range(5))
  })

  it('on Lambda in a worker thread (as serverless-offline runs handlers), writes to the process\'s descriptor 1', async () => {
    const { stdout, report } = await runFixture({ env: LAMBDA, exports: 5, worker: true })
    expect(report.outcomes.every((outcome) => outcome.ok)).toBe(true)
    expect(documents(stdout)).toEqual(range(5))
    expect(report.stdoutReads).toBe(0)
  })

  it('elsewhere, warms up by building process.stdout and writes through it', async () => {
    const { stdout, report } = await runFixture({ env: { EMF_WARM: '1' }, exports: 3 })
    expect(report.outcomes.every((outcome) => outcome.ok)).toBe(true)
    expect(documents(stdout)).toEqual(range(3))
    expect(report.stdoutReads).toBeGreaterThan(0)
  })

  it('when a non-blocking pipe is full, hands the rest to process.stdout: no line lost, split or out of order', async () => {
    // About 1.2 MB of documents while the parent reads nothing: far more than a pipe and the parent's buffer hold.
    const { stdout, report } = await runFixture({ env: { ...LAMBDA, EMF_STDOUT_FIRST: '1' }, exports: 600, holdStdout: true })
    expect(report.outcomes.every((outcome) => outcome.ok)).toBe(true)
    expect(report.streamWrites).toBeGreaterThan(0)
    expect(report.streamWrites).toBeLessThan(600)
    expect(documents(stdout)).toEqual(range(600))
  })

  it('reports a closed stdout as a failed export, and the handler goes on', async () => {
    const { report } = await runFixture({ env: LAMBDA, exports: 2, closeStdout: true })
    expect(report.outcomes).toHaveLength(2)
    for (const outcome of report.outcomes) {
      expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/^EMF write failed after 0 of 1 documents: .*EPIPE/) })
    }
  })
})
