/**
 * Byte buffers reused across flushes. A request is encoded and compressed
 * in buffers of a megabyte or more; allocating them fresh every flush costs
 * page faults and GC work comparable to the encoding itself. They are held
 * only through a WeakRef, so an idle adapter does not pin the memory: the
 * GC may take them back, and the next flush allocates again.
 */

const held: (WeakRef<Uint8Array> | undefined)[] = []

/**
 * A buffer of at least `size` bytes for slot `slot` (one per buffer that must
 * live at the same time). Its contents are stale: callers write before they read.
 * @example const buf = scratch(0, 1 << 20)
 */
export function scratch(slot: number, size: number): Uint8Array {
  const buf = held[slot]?.deref()
  if (buf !== undefined && buf.length >= size) return buf
  // A quarter more, so a request that grows a little does not reallocate.
  const next = new Uint8Array(Math.max(4096, size + (size >> 2)))
  held[slot] = new WeakRef(next)
  return next
}
