// `npm test`: build, check the export map, run every test, and end with a
// plain "N passed, N failed" line that any CI can read.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1
const fail = (what) => {
  console.error(`\n${what} failed`)
  console.log('tests: 0 passed, 1 failed')
  process.exit(1)
}

if (run(['scripts/build.mjs']) !== 0) fail('build')
if (run(['scripts/check-exports.mjs']) !== 0) fail('export map check')

mkdirSync('.tmp', { recursive: true })
const extra = process.argv.slice(2)
const status = run(['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/vitest.json', ...extra])
try {
  const result = JSON.parse(readFileSync('.tmp/vitest.json', 'utf8'))
  const skipped = result.numPendingTests + result.numTodoTests
  console.log(`\ntests: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`)
  if (result.numTotalTests === 0) fail('running tests (none ran)')
} catch {
  console.log(`\ntests: 0 passed, 1 failed`)
}
process.exit(status)
