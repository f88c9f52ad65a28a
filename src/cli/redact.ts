/**
 * The last line of defence before anything is printed: credentials in
 * URLs, query strings (some vendors take keys there) and any known secret
 * echoed back by a server are replaced by `***`.
 */

const MASK = '***'
/** Shorter strings are no secret worth the damage masking them would do to the text. */
const MIN_SECRET_LENGTH = 4
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g

/**
 * A URL without user info and with every query value masked.
 * @example redactUrl('https://u:p@host/write?key=abc') // 'https://***:***@host/write?key=***'
 */
export function redactUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return text
  }
  // Left as typed when there is nothing to hide: the user recognises their own URL.
  if (url.username === '' && url.password === '' && url.search === '') return text
  if (url.username !== '') url.username = MASK
  if (url.password !== '') url.password = MASK
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`).join('&')
  url.search = query === '' ? '' : `?${query}`
  // URL encodes the mask in user info; the decoded form reads better and hides as much.
  return url.href.replaceAll('%2A%2A%2A', MASK)
}

/**
 * `text` with every URL redacted and every secret masked.
 * @example redactText('HTTP 401: bad token s3cret', ['s3cret']) // 'HTTP 401: bad token ***'
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(URL_IN_TEXT, (url) => redactUrl(url))
  const sorted = secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)
  for (const secret of sorted) out = out.replaceAll(secret, MASK)
  return out
}

/**
 * A deep copy of plain data with every string passed through redactText.
 * @example redactData({ message: 'key s3cret' }, ['s3cret']) // { message: 'key ***' }
 */
export function redactData<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, secrets) as T
  if (Array.isArray(value)) return value.map((item: unknown) => redactData(item, secrets)) as T
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactData(item, secrets)])) as T
  }
  return value
}
