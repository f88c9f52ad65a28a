/**
 * The library's version as adapters send it (User-Agent, instrumentation
 * scope). It comes from the core, which a test keeps in step with
 * package.json.
 */
import { VERSION } from '../../src/index.js'

/** lastcall's version, e.g. `0.1.0`. */
export const LASTCALL_VERSION: string = VERSION

/** `lastcall/<version>`, the User-Agent every HTTP adapter sends. */
export const USER_AGENT = `lastcall/${LASTCALL_VERSION}`
