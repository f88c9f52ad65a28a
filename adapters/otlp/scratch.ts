/**
 * A byte buffer reused across flushes. The metrics request is encoded into
 * a buffer of hundreds of kilobytes and then copied out exactly; allocating
 * that buffer fresh every flush costs page faults and GC work comparable
 * to the encoding itself. It is held only through a WeakRef, so an idle
 * exporter does not pin the memory: the GC may take it back, and the next
 * flush allocates again.
 */

let held: WeakRef<Uint8Array> | undefined

/**
 * A buffer of at least `size` bytes whose contents are stale: callers write
 * before they read, and copy out what they keep before the next call.
 * @example const w = new ProtoWriter(scratch(64 * 1024))
 */
export function scratch(size: number): Uint8Array {
  const buf = held?.deref()
  if (buf !== undefined && buf.length >= size) return buf
  // A quarter more, so a request that grows a little does not reallocate.
  const next = new Uint8Array(Math.max(4096, size + (size >> 2)))
  held = new WeakRef(next)
  return next
}
