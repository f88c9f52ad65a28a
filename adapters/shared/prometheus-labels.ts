/**
 * Prometheus naming rules for labels the user configures on an adapter
 * (external labels, grouping keys). Instrument labels are checked by the
 * core when instruments are defined.
 */
import { OptionsError } from '../../src/index.js'

/** Legacy label names, the only ones Prometheus 2.x and Pushgateway 1.5 accept. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * Copies a label map after checking names (legacy syntax, no reserved `__`
 * prefix, none of `reserved`) and values (strings).
 * @example const labels = checkLabelMap('remoteWrite', 'labels', { region: 'eu' }, ['job', 'instance'])
 */
export function checkLabelMap(adapter: string, option: string, labels: unknown, reserved: readonly string[] = []): Record<string, string> {
  if (labels === undefined) return {}
  if (typeof labels !== 'object' || labels === null) throw new OptionsError('label-map', `${adapter}: \`${option}\` must be an object of label names to strings`)
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name)) throw new OptionsError('label-name', `${adapter}: \`${option}\` label name ${JSON.stringify(name)} must match [a-zA-Z_][a-zA-Z0-9_]*`)
    if (name.startsWith('__')) throw new OptionsError('label-name-reserved', `${adapter}: \`${option}\` label name ${name} starts with the reserved "__"`)
    if (reserved.includes(name)) throw new OptionsError('label-name-reserved', `${adapter}: \`${option}\` must not set ${name}; ${reservedHint(name)}`)
    if (typeof value !== 'string') throw new OptionsError('label-value', `${adapter}: \`${option}\` value of ${name} must be a string`)
    out[name] = value
  }
  return out
}

function reservedHint(name: string): string {
  if (name === 'job') return 'use the `job` option'
  if (name === 'instance') return 'lastcall sets it to the instance id so concurrent instances never collide'
  return 'the name is reserved for histogram buckets'
}
