/**
 * The Pushgateway's grouping-key URL path (PG-1, PG-2):
 * `/metrics/job/<job>{/<label>/<value>}`. A value with `/` cannot be
 * percent-encoded (the server decodes `%2F` before routing) and an empty
 * one would vanish from the path, so both go as `<label>@base64/<value>`
 * in the URL-safe alphabet; the server rejects `+` and `/` there.
 */

/**
 * Builds the path of a group. `labels` are written in the order given.
 * @example groupingPath('batch', [['path', '/var/tmp']]) // '/metrics/job/batch/path@base64/L3Zhci90bXA'
 */
export function groupingPath(job: string, labels: ReadonlyArray<readonly [string, string]>): string {
  let path = `/metrics/${segment('job', job)}`
  for (const [name, value] of labels) path += `/${segment(name, value)}`
  return path
}

function segment(name: string, value: string): string {
  // '=' is the base64 of nothing with its padding: a segment the router cannot drop.
  if (value === '') return `${name}@base64/=`
  // '.' and '..' would be removed by path cleaning, so they are encoded too.
  if (value.includes('/') || value === '.' || value === '..') return `${name}@base64/${base64Url(value)}`
  return `${name}/${encodeURIComponent(value)}`
}

/**
 * RFC 4648 §5 base64 (URL-safe alphabet) of the UTF-8 bytes, without padding.
 * @example base64Url('Προμηθεύς') // 'zqDPgc6_zrzOt864zrXPjc-C'
 */
export function base64Url(value: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
