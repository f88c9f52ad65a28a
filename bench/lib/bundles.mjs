/**
 * Bundling as landscape.md §1 measures it: esbuild --bundle --minify
 * --format=esm; Worker code with --conditions=workerd,worker
 * --platform=neutral (Node built-ins external, as wrangler's nodejs_compat
 * leaves them), Node-targeted code with --platform=node.
 */
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { BENCH_DIR } from './paths.mjs'
import { lastcallPlugin } from './lastcall-plugin.mjs'

const PLATFORMS = {
  // mainFields: neutral has none by default, and CommonJS-only packages would not resolve.
  worker: { platform: 'browser', conditions: ['workerd', 'worker', 'browser'], external: ['node:*', 'cloudflare:*'] },
  node: { platform: 'node', target: 'node20' },
}

/** Bundles one entry of bench/entries in memory; returns the minified text and its sizes. */
/** What Lambda users add so CommonJS inside an ESM bundle can still require Node built-ins. */
const REQUIRE_BANNER = "import { createRequire as __lcRequire } from 'node:module'; const require = __lcRequire(import.meta.url);"

export async function bundleEntry(entry, platform, { external = [], minify = true, conditions = [], runnable = false } = {}) {
  const options = PLATFORMS[platform]
  const result = await build({
    entryPoints: [join(BENCH_DIR, 'entries', entry)],
    bundle: true,
    minify,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
    plugins: [lastcallPlugin],
    ...options,
    external: [...(options.external ?? []), ...external],
    ...(runnable ? { banner: { js: REQUIRE_BANNER } } : {}),
    ...(conditions.length > 0 ? { conditions: [...(options.conditions ?? []), ...conditions] } : {}),
  })
  const code = result.outputFiles[0].contents
  return { code, minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, parts: parts(result.metafile) }
}

/** Minified bytes per package or source folder, largest first: where the size comes from. */
function parts(metafile) {
  const inputs = Object.values(metafile.outputs)[0]?.inputs ?? {}
  const sums = new Map()
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]
    const key = pkg ?? file.split('/').slice(0, file.startsWith('src/core/') ? 3 : 2).join('/')
    sums.set(key, (sums.get(key) ?? 0) + bytesInOutput)
  }
  return Object.fromEntries([...sums].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]))
}

/** The first line of an esbuild failure, for the report. */
export function buildError(error) {
  const first = error?.errors?.[0]
  return first ? `${first.text}${first.location ? ` (${first.location.file})` : ''}` : String(error?.message ?? error)
}
