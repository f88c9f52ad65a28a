/**
 * Run by Deno and Bun (not by vitest): imports every subpath export of the
 * built package by its name, as a user would, and prints one JSON line:
 * specifier → exported names, or the error.
 */
import pkg from '../../package.json' with { type: 'json' }

const results: Record<string, string[] | { error: string }> = {}
for (const key of Object.keys(pkg.exports)) {
  if (key === './package.json') continue
  const specifier = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`
  try {
    results[specifier] = Object.keys(await import(specifier)).sort()
  } catch (error) {
    results[specifier] = { error: String(error) }
  }
}
console.log(JSON.stringify(results))
