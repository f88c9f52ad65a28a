import { describe, expect, it } from 'vitest'
import { utf8Length } from '../../src/index.js'

const encoder = new TextEncoder()

describe('utf8Length', () => {
  it.each([
    ['', 0], ['abc', 3], ['é', 2], ['€', 3], ['😀', 4], ['a😀b', 6],
    // Lone surrogates become U+FFFD, 3 bytes, as TextEncoder writes them.
    ['\ud800', 3], ['\udc00', 3], ['a\ud800b', 5], ['\udc00\ud800', 6], ['\ud800\ud800\udc00', 7],
  ])('counts %j as %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes)
    expect(encoder.encode(text).length).toBe(bytes)
  })

  it('agrees with TextEncoder on random strings of every width', () => {
    const units = [0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff]
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    for (let round = 0; round < 2000; round++) {
      const text = String.fromCharCode(...Array.from({ length: next() % 12 }, () => units[next() % units.length]!))
      expect(utf8Length(text), JSON.stringify(text)).toBe(encoder.encode(text).length)
    }
  })
})
