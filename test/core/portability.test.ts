import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** The only core file allowed to look at host globals, each access guarded. */
const GUARDED = new Set(['src/core/runtime.ts'])

describe('portability', () => {
  it('the core imports nothing runtime-specific', () => {
    const offenders: string[] = []
    for (const path of files(join(root, 'src/core'))) {
      const relative = path.slice(root.length)
      const source = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      if (/from\s+['"]node:|import\(\s*['"]node:|require\(/.test(source)) offenders.push(`${relative}: node import`)
      if (GUARDED.has(relative)) continue
      if (/\b(process|Buffer|Deno|Bun)\s*[.[(]/.test(source)) offenders.push(`${relative}: host global`)
    }
    expect(offenders).toEqual([])
  })

  it('adapters import only the public entry, their shared folder and their own files', () => {
    const offenders: string[] = []
    for (const path of files(join(root, 'adapters'))) {
      const source = readFileSync(path, 'utf8')
      for (const [, spec] of source.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (spec === undefined) continue
        const ok = spec === '../../src/index.js' || spec.startsWith('./') || spec.startsWith('../shared/') || spec === '@aws-sdk/client-cloudwatch'
        if (!ok) offenders.push(`${path.slice(root.length)} imports ${spec}`)
      }
      if (/from\s+['"]node:/.test(source)) offenders.push(`${path.slice(root.length)}: node import`)
    }
    expect(offenders).toEqual([])
  })

  it('bundles for a neutral platform (Workers, Deno, Bun) with no Node built-ins', async () => {
    const result = await build({
      stdin: { contents: "import { createTelemetry } from './src/index.ts'; export const t = createTelemetry", resolveDir: root, loader: 'ts' },
      bundle: true, write: false, platform: 'neutral', format: 'esm', mainFields: ['module', 'main'], logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]?.text).not.toMatch(/from\s*"node:/)
  })
})
