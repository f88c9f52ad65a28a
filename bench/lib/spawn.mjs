/** Runs one group process and reads the figures it wrote. */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { ROOT_DIR } from './paths.mjs'

/**
 * Starts `node [...nodeArgs] script rawFile`; resolves with the parsed figures,
 * or with an error note when the process fails (the report says so).
 */
export function runGroupProcess({ script, rawFile, nodeArgs = [], env = {} }) {
  rmSync(rawFile, { force: true })
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, script, rawFile], {
      cwd: ROOT_DIR,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
      process.stderr.write(chunk)
    })
    child.on('close', (code) => {
      if (code === 0 && existsSync(rawFile)) resolve(JSON.parse(readFileSync(rawFile, 'utf8')))
      else resolve({ error: `exit ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, figures: [] })
    })
  })
}
