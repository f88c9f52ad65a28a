import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('../../adapters/cloudwatch/', import.meta.url))
const sources = readdirSync(dir).filter((file) => file.endsWith('.ts')).map((file) => [file, readFileSync(dir + file, 'utf8')] as const)

describe('what the CloudWatch adapter pulls in', () => {
  it('imports the AWS SDK only as types, and no Node built-ins', () => {
    for (const [file, text] of sources) {
      for (const line of text.split('\n').filter((l) => /^\s*import\b/.test(l) || /\bfrom '/.test(l))) {
        if (line.includes('@aws-sdk')) expect(line, file).toMatch(/^\s*import type /)
        expect(line, file).not.toMatch(/'node:|'(fs|http|zlib|util|console)'/)
      }
      // `process` only through globalThis, so Workers and browsers load the module.
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/globalThis as [^)]*\)\.process/g, '')
      expect(code, file).not.toMatch(/(^|[^.\w])process\./m)
    }
  })

  it('bundles for Workers without the SDK', async () => {
    const result = await build({
      entryPoints: [`${dir}index.ts`], bundle: true, write: false, format: 'esm', platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['@opentelemetry/api'], logLevel: 'silent',
    })
    const output = result.outputFiles[0]!.text
    expect(output).not.toMatch(/PutMetricDataCommand extends|smithy|CloudWatchServiceException/)
    expect(output.length).toBeLessThan(80_000)
  })
})
