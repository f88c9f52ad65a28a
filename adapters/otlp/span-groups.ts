/**
 * OTLP nests spans as resource → scope → spans. A batch has one resource, so
 * only the scope level needs grouping; groups keep first-seen order.
 */
import type { InstrumentationScope, SpanData } from '../../src/index.js'

/** Spans of one instrumentation scope. */
export interface ScopeGroup {
  readonly scope: InstrumentationScope
  readonly spans: readonly SpanData[]
}

/** A group while spans are added to it. */
type Growing = ScopeGroup & { readonly spans: SpanData[] }

/** True when every span has the first one's scope object, as when one tracer made them all. */
function oneScope(spans: readonly SpanData[]): boolean {
  const scope = spans[0]?.scope
  for (const span of spans) if (span.scope !== scope) return false
  return true
}

/**
 * Groups spans by scope name and version.
 * @example for (const { scope, spans } of groupByScope(batch.spans)) …
 */
export function groupByScope(spans: readonly SpanData[]): ScopeGroup[] {
  const first = spans[0]
  if (first === undefined) return []
  if (oneScope(spans)) return [{ scope: first.scope, spans }]
  const groups = new Map<string, Growing>()
  let last: Growing | undefined
  for (const span of spans) {
    // Spans of one tracer share its scope object: skip the key and lookup for runs of them.
    if (last !== undefined && (last.scope === span.scope || (last.scope.name === span.scope.name && last.scope.version === span.scope.version))) {
      last.spans.push(span)
      continue
    }
    const key = `${span.scope.name}\u0000${span.scope.version}`
    let group = groups.get(key)
    if (group === undefined) {
      group = { scope: span.scope, spans: [] }
      groups.set(key, group)
    }
    group.spans.push(span)
    last = group
  }
  return [...groups.values()]
}

/** SpanFlags bit 8: the flags say whether the parent (or linked) context is remote (OT-25). */
export const HAS_IS_REMOTE = 0x100
/** SpanFlags bit 9: that context is remote. */
export const IS_REMOTE = 0x200

/**
 * The OTLP `flags` of a span or link: W3C trace flags in bits 0-7 plus the remote bits.
 * @example spanFlags(1, true) // 0x301
 */
export function spanFlags(traceFlags: number, isRemote: boolean): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (isRemote ? IS_REMOTE : 0)
}
