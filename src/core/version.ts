/** lastcall's version, sent as `telemetry.sdk.version` and in User-Agent headers. Kept in step with package.json by a test. */
export const VERSION = '0.1.0'
