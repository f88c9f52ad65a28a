/**
 * The resource: who is sending. Service name by the OpenTelemetry rules, a
 * random instance id per cold start, and the detected platform's semantic
 * convention attributes.
 */
import type { AttributeValue } from '@opentelemetry/api'
import type { ResourceData } from './data.js'
import { detectRuntime, runtimeAttributes } from './runtime.js'
import { randomUuid } from './trace/ids.js'
import { VERSION } from './version.js'

type Env = Readonly<Record<string, string | undefined>>

/** Parses `OTEL_RESOURCE_ATTRIBUTES` (`k=v,k2=v2`, values percent-encoded); bad members are skipped. */
export function parseResourceAttributes(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (text === undefined) return out
  for (const member of text.split(',')) {
    const at = member.indexOf('=')
    if (at <= 0) continue
    const key = member.slice(0, at).trim()
    try {
      out[key] = decodeURIComponent(member.slice(at + 1).trim())
    } catch {
      // A malformed escape: skip this member rather than lose the rest.
    }
  }
  return out
}

function platformAttributes(env: Env): Record<string, AttributeValue> {
  const runtime = detectRuntime(env)
  if (runtime === 'lambda') {
    const memory = Number(env['AWS_LAMBDA_FUNCTION_MEMORY_SIZE'])
    return compact({
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'cloud.region': env['AWS_REGION'],
      'faas.name': env['AWS_LAMBDA_FUNCTION_NAME'],
      'faas.version': env['AWS_LAMBDA_FUNCTION_VERSION'],
      'faas.instance': env['AWS_LAMBDA_LOG_STREAM_NAME'],
      // The convention wants bytes; Lambda gives MB.
      'faas.max_memory': Number.isFinite(memory) && memory > 0 ? memory * 1_048_576 : undefined,
    })
  }
  if (runtime === 'workers') return { 'cloud.provider': 'cloudflare', 'cloud.platform': 'cloudflare.workers', 'faas.max_memory': 134_217_728 }
  return {}
}

function compact(record: Record<string, AttributeValue | undefined>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  for (const [key, value] of Object.entries(record)) if (value !== undefined && value !== '') out[key] = value
  return out
}

/** A random id for this container or isolate. */
export function randomInstanceId(): string {
  return randomUuid()
}

/**
 * Builds the resource. Precedence, lowest first: detected attributes,
 * `OTEL_RESOURCE_ATTRIBUTES`, the `resource` option; `service.name` from the
 * `service` option, then `OTEL_SERVICE_NAME`, then the attributes, then the
 * Lambda function name, then `unknown_service`.
 */
export function buildResource(env: Env, service: string | undefined, extra: Readonly<Record<string, AttributeValue>>): ResourceData {
  const fromEnv = parseResourceAttributes(env['OTEL_RESOURCE_ATTRIBUTES'])
  const attributes: Record<string, AttributeValue> = {
    'telemetry.sdk.name': 'lastcall',
    'telemetry.sdk.language': 'js',
    'telemetry.sdk.version': VERSION,
    ...runtimeAttributes(),
    ...platformAttributes(env),
    ...fromEnv,
    ...extra,
  }
  const named = attributes['service.name']
  const serviceName = service ?? env['OTEL_SERVICE_NAME'] ?? (typeof named === 'string' && named !== '' ? named : undefined) ?? env['AWS_LAMBDA_FUNCTION_NAME'] ?? 'unknown_service'
  attributes['service.name'] = serviceName
  // Drawn on first use: Workers forbid random values at module scope, where a telemetry is usually created.
  let instanceId: string | undefined
  const lazyId = (): string => (instanceId ??= randomInstanceId())
  Object.defineProperty(attributes, 'service.instance.id', { get: lazyId, enumerable: true })
  return {
    serviceName,
    get instanceId() {
      return lazyId()
    },
    attributes: Object.freeze(attributes),
  }
}
