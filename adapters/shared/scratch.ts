/**
 * Byte buffers reused across flushes. Requests are encoded and compressed
 * in buffers of hundreds of kilobytes or more; allocating them fresh every
 * flush costs page faults and GC work comparable to the encoding itself.
 * They are held only through a WeakRef, so an idle adapter does not pin the
 * memory: the GC may take them back, and the next flush allocates again.
 */

const held = new Map<string, WeakRef<Uint8Array>>()

/**
 * A buffer of at least `size` bytes for `slot` (one per buffer that must
 * live at the same time as the others). Its contents are stale: callers
 * write before they read, and copy out what they keep before the next call.
 * @example const out = scratch('snappy', 1 << 20)
 */
export function scratch(slot: string, size: number): Uint8Array {
  const buf = held.get(slot)?.deref()
  if (buf !== undefined && buf.length >= size) return buf
  // A quarter more, so a request that grows a little does not reallocate.
  const next = new Uint8Array(Math.max(4096, size + (size >> 2)))
  held.set(slot, new WeakRef(next))
  return next
}
