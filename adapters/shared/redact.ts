/**
 * Keeps credentials out of what adapters report. A backend may echo a
 * request's headers in an error body, and a transport error may quote the
 * URL; every message that reaches a flush report or the diagnostics logger
 * passes through `redact` first.
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]'

/** Request headers that carry protocol facts, never credentials. */
const PUBLIC_HEADERS = new Set([
  'accept', 'accept-encoding', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'x-prometheus-remote-write-version',
])

/** Shorter values are left alone: replacing every "1" or "on" would garble messages and protect nothing. */
const MIN_SECRET_LENGTH = 4

/**
 * The secrets among request headers: every value except the protocol's
 * own headers, plus the token of `Bearer …` and, for `Basic …`, the
 * encoded pair, the decoded `user:password` and the password.
 * @example secretsOf({ authorization: 'Bearer s3cr3t-token' }) // ['Bearer s3cr3t-token', 's3cr3t-token']
 */
export function secretsOf(headers: Readonly<Record<string, string>>): string[] {
  const secrets: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (PUBLIC_HEADERS.has(name.toLowerCase())) continue
    secrets.push(value, ...credentialParts(value))
  }
  return secrets
}

function credentialParts(value: string): string[] {
  const match = /^(\S+)\s+(.+)$/.exec(value.trim())
  if (match === null) return []
  const [, scheme, token] = match as unknown as [string, string, string]
  if (scheme.toLowerCase() !== 'basic') return [token]
  try {
    const pair = new TextDecoder().decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0)))
    const colon = pair.indexOf(':')
    return colon < 0 ? [token, pair] : [token, pair, pair.slice(colon + 1)]
  } catch {
    return [token]
  }
}

/**
 * Replaces each secret (as given, percent-encoded and JSON-escaped) and the
 * user information of any URL in `text` with `[redacted]`.
 * @example redact('echo: Bearer abcd1234', ['abcd1234']) // 'echo: Bearer [redacted]'
 */
export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
    forms.add(JSON.stringify(secret).slice(1, -1))
  }
  // Longest first, so a secret that contains another is replaced whole.
  let out = text
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED)
  return out.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${REDACTED}@`)
}

/**
 * The error itself when its message holds no secret; otherwise a copy with
 * the message redacted that keeps what callers classify by: `name` (abort,
 * timeout) and `cause.code` (ECONNREFUSED and the like).
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return error
  const message = redact(error.message, secrets)
  if (message === error.message) return error
  const code = (error as { cause?: { code?: unknown } }).cause?.code
  const copy = new Error(message, typeof code === 'string' ? { cause: { code } } : undefined)
  copy.name = error.name
  return copy
}
