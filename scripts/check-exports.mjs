// Checks the package's export map: publint's rules, every target and its
// types exist, and every subpath imports by the package's own name.
import { existsSync, readFileSync } from 'node:fs'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const root = new URL('../', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const problems = []

const { messages } = await publint({ pkgDir: root.pathname, strict: true })
for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg) ?? message.code}`)

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue
  for (const file of [target.types, target.default]) {
    if (!existsSync(new URL(file, root))) problems.push(`${subpath}: ${file} does not exist (run npm run build)`)
  }
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
  try {
    const mod = await import(specifier)
    if (Object.keys(mod).length === 0) problems.push(`${specifier} exports nothing`)
  } catch (error) {
    problems.push(`${specifier} does not import: ${error.message}`)
  }
}

if (problems.length > 0) {
  console.error(`export map check failed:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`export map ok: ${Object.keys(pkg.exports).length} entries`)
