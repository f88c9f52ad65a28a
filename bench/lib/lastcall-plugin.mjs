/**
 * An esbuild plugin that resolves `lastcall` and its subpaths to the
 * TypeScript sources, following package.json's export map (dist/x.js → x.ts),
 * so entries import the package exactly as users would.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT_DIR } from './paths.mjs'

const exportsMap = JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')).exports

/** The source file of `specifier` ('lastcall', 'lastcall/lambda', …), or undefined. */
export function lastcallSource(specifier) {
  const subpath = specifier === 'lastcall' ? '.' : `.${specifier.slice('lastcall'.length)}`
  const target = exportsMap[subpath]?.default
  if (typeof target !== 'string') return undefined
  return join(ROOT_DIR, target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))
}

export const lastcallPlugin = {
  name: 'lastcall-sources',
  setup(build) {
    build.onResolve({ filter: /^lastcall(\/.*)?$/ }, (args) => {
      const path = lastcallSource(args.path)
      if (path === undefined || !existsSync(path)) return { errors: [{ text: `${args.path} is not available yet (${path ?? 'no export'})` }] }
      return { path }
    })
  },
}
