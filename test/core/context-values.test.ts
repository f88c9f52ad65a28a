import { describe, expect, it } from 'vitest'
import type { Context } from '@opentelemetry/api'
import { ROOT_CONTEXT, contextKey } from '../../src/core/trace/context.js'

describe('contexts', () => {
  it('are immutable: setValue and deleteValue return new contexts and leave the old ones as they were', () => {
    const a = contextKey('lastcall test a')
    const b = contextKey('lastcall test b')
    const one = ROOT_CONTEXT.setValue(a, 1)
    const two = one.setValue(b, 2).setValue(a, 3)
    const gone = two.deleteValue(a)
    expect([ROOT_CONTEXT.getValue(a), one.getValue(a), one.getValue(b)]).toEqual([undefined, 1, undefined])
    expect([two.getValue(a), two.getValue(b)]).toEqual([3, 2])
    expect([gone.getValue(a), gone.getValue(b)]).toEqual([undefined, 2])
    expect(gone.setValue(a, 4).getValue(a)).toBe(4)
  })

  it('answer as a map would through long chains of sets and deletes, which they flatten', () => {
    const keys = Array.from({ length: 5 }, (_, i) => contextKey(`lastcall chain ${i}`))
    let seed = 11
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
    let ctx: Context = ROOT_CONTEXT
    let model = new Map<symbol, unknown>()
    const kept: [Context, Map<symbol, unknown>][] = []
    for (let step = 0; step < 500; step++) {
      const key = keys[next() % keys.length]!
      model = new Map(model)
      if (next() % 4 === 0) {
        ctx = ctx.deleteValue(key)
        model.delete(key)
      } else {
        ctx = ctx.setValue(key, step)
        model.set(key, step)
      }
      if (step % 37 === 0) kept.push([ctx, model])
      for (const k of keys) expect(ctx.getValue(k)).toBe(model.get(k))
    }
    // Contexts taken along the way still answer as they did.
    for (const [old, oldModel] of kept) for (const k of keys) expect(old.getValue(k)).toBe(oldModel.get(k))
  })
})
