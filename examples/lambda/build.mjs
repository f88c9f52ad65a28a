// Bundles the example handlers to examples/lambda/dist/*.mjs, which
// serverless.yml points at: serverless-offline runs JavaScript, not TypeScript.
// Run it before `serverless offline`: node examples/lambda/build.mjs
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

/** Builds both handlers; resolves when the files are written. */
export async function buildLambdaExamples() {
  await build({
    entryPoints: [`${here}orders.ts`, `${here}jobs.ts`],
    outdir: `${here}dist`,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    // The AWS SDK is optional (CloudWatch API mode) and present on Lambda.
    external: ['@aws-sdk/*'],
    logLevel: 'warning',
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildLambdaExamples()
