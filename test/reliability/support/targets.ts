/**
 * The HTTP adapters under fault injection, each pointed at a scripted
 * loopback server: how to build it, what a healthy answer looks like for
 * its protocol, and which requests count as its attempts.
 */
import { cloudwatch } from '../../../adapters/cloudwatch/index.js'
import { otlp } from '../../../adapters/otlp/index.js'
import { remoteWrite } from '../../../adapters/prometheus-remote-write/index.js'
import { pushgateway } from '../../../adapters/pushgateway/index.js'
import type { Adapter } from '../../../src/index.js'
import type { StatusReply } from '../../support/scripted-server.js'

/** Whose retry rules apply (specs §7.1). */
export type Protocol = 'remote-write' | 'pushgateway' | 'otlp' | 'cloudwatch'

export interface Target {
  readonly name: string
  readonly protocol: Protocol
  /** The adapter, sending to `baseUrl`. */
  adapter(baseUrl: string): Adapter
  /** A success answer of this protocol, with a body (so it can be cut short). */
  readonly ok: StatusReply
  /** Request paths that are attempts of one export, each counted on its own (OTLP sends traces and metrics apart). */
  readonly paths: (path: string) => string | undefined
}

/** Static test credentials: the loopback fake never checks them. */
export const AWS_CREDENTIALS = { accessKeyId: 'AKIDRELIABILITY', secretAccessKey: 'reliability-secret-key' } as const

export const remoteWriteTarget: Target = {
  name: 'prometheus-remote-write',
  protocol: 'remote-write',
  adapter: (baseUrl) => remoteWrite({ url: `${baseUrl}/api/v1/write` }),
  ok: { status: 200, body: 'accepted and stored' },
  paths: (path) => (path === '/api/v1/write' ? path : undefined),
}

export const pushgatewayTarget: Target = {
  name: 'pushgateway',
  protocol: 'pushgateway',
  adapter: (baseUrl) => pushgateway({ url: baseUrl }),
  ok: { status: 200, body: 'pushed' },
  paths: (path) => (path.startsWith('/metrics/job/') ? 'group' : undefined),
}

const otlpOk: StatusReply = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"partialSuccess":{}}' }
const otlpPaths = (path: string): string | undefined => (path === '/v1/traces' || path === '/v1/metrics' ? path : undefined)

export const otlpProtobufTarget: Target = {
  name: 'otlp-protobuf', protocol: 'otlp', ok: otlpOk, paths: otlpPaths,
  adapter: (baseUrl) => otlp({ endpoint: baseUrl, encoding: 'protobuf', name: 'otlp-protobuf' }),
}

export const otlpJsonTarget: Target = {
  name: 'otlp-json', protocol: 'otlp', ok: otlpOk, paths: otlpPaths,
  adapter: (baseUrl) => otlp({ endpoint: baseUrl, encoding: 'json', name: 'otlp-json' }),
}

export const cloudwatchApiTarget: Target = {
  name: 'cloudwatch-api',
  protocol: 'cloudwatch',
  // The real @aws-sdk/client-cloudwatch, speaking to the scripted server.
  adapter: (baseUrl) => cloudwatch({ mode: 'api', namespace: 'Reliability', region: 'us-east-1', name: 'cloudwatch-api', clientConfig: { endpoint: baseUrl, credentials: AWS_CREDENTIALS } }),
  ok: { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' },
  paths: (path) => (path === '/' ? path : undefined),
}
