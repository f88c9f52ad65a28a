/** The pieces of the CLI that decide what is printed: argument parsing and redaction. */
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../src/cli/args.js'
import { httpCredentials, otlpHeaderSecrets } from '../../src/cli/credentials.js'
import { redactData, redactText, redactUrl } from '../../src/cli/redact.js'

describe('parseArgs', () => {
  it('takes --flag value and --flag=value, with defaults', () => {
    expect(parseArgs(['doctor', '--otlp', 'http://c:4318', '--timeout=800', '--json'])).toEqual({
      command: 'doctor', args: { otlp: 'http://c:4318', timeoutMs: 800, json: true, service: 'lastcall-doctor' },
    })
  })

  it('rejects what it does not know, and values out of range', () => {
    expect(parseArgs(['doctr'])).toMatchObject({ command: 'error' })
    expect(parseArgs(['doctor', '--otlp'])).toMatchObject({ command: 'error', message: '--otlp needs a value' })
    expect(parseArgs(['doctor', '--timeout', '30000'])).toMatchObject({ command: 'error' })
    expect(parseArgs(['doctor', '--cloudwatch-mode', 'xray'])).toMatchObject({ command: 'error' })
  })
})

describe('redaction', () => {
  it('masks user info and query values, leaves other URLs as typed', () => {
    expect(redactUrl('https://u:p@host/write?api_key=abc&x=1')).toBe('https://***:***@host/write?api_key=***&x=***')
    expect(redactUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318')
  })

  it('masks every known secret, longest first, in text and in nested data', () => {
    const secrets = ['abcd', 'abcdef']
    expect(redactText('token abcdef and abcd', secrets)).toBe('token *** and ***')
    expect(redactData({ a: ['x abcd'], b: { c: 'see https://h/?k=abcdef' }, n: 3 }, secrets)).toEqual({ a: ['x ***'], b: { c: 'see https://h/?k=***' }, n: 3 })
  })

  it('collects the secrets of every credential source', () => {
    expect(httpCredentials({ P_USERNAME: 'al', P_PASSWORD: 'pw-1234' }, 'P').secrets).toEqual(['pw-1234', btoa('al:pw-1234')])
    const otlp = otlpHeaderSecrets({ OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20tok-1,x-key=k2' })
    expect(otlp.names).toEqual(['authorization', 'x-key'])
    expect(otlp.secrets).toEqual(expect.arrayContaining(['Bearer%20tok-1', 'Bearer tok-1', 'tok-1', 'k2']))
  })
})
