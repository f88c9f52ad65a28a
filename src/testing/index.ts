/** Test helpers for users of lastcall. */
export { memoryAdapter, type MemoryAdapter, type MemoryAdapterOptions } from './memory-adapter.js'
