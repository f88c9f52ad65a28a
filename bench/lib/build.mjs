/**
 * Bundles a group's TypeScript entry with esbuild into bench/.tmp, so the
 * timed code is plain JavaScript with no loader in the loop. Packages stay
 * external: peers run from node_modules exactly as users would load them.
 */
import { build } from 'esbuild'
import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { BENCH_DIR } from './paths.mjs'

export const TMP_DIR = join(BENCH_DIR, '.tmp')

/** Bundles `entry` (a path) and returns the path of the runnable .mjs file. */
export async function bundleGroup(entry) {
  mkdirSync(TMP_DIR, { recursive: true })
  const outfile = join(TMP_DIR, basename(entry).replace(/\.[mc]?[jt]s$/, '.mjs'))
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  return outfile
}
