import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { LASTCALL_VERSION, USER_AGENT } from '../../adapters/shared/version.js'

it('sends the package version in User-Agent', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  expect(LASTCALL_VERSION).toBe(pkg.version)
  expect(USER_AGENT).toBe(`lastcall/${pkg.version}`)
})
