/**
 * Every TypeScript snippet in the README compiles against the built package,
 * imported by its public name, so the quick starts cannot drift from the API.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const dir = join(root, '.tmp/readme-snippets')

function snippets(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
}

describe('README', () => {
  it('has TypeScript snippets that compile against the built package', () => {
    if (!existsSync(join(root, 'dist/src/index.d.ts'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root })
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const files = snippets().map((code, i) => {
      const file = join(dir, `snippet-${i}.ts`)
      // Each snippet is its own module; `export {}` keeps top-level await legal in ones without imports.
      writeFileSync(file, `${code}\nexport {}\n`)
      return file
    })
    expect(files.length).toBeGreaterThanOrEqual(6)
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: '../../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '.', noUnusedLocals: false, types: [] },
      include: ['*.ts'],
    }))
    let output = ''
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: root, encoding: 'utf8' })
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error)
    }
    expect(output).toBe('')
  }, 60_000)
})
