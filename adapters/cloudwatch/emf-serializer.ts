/**
 * The EMF encoder: a delta batch in, log lines out, no I/O. One document per
 * group of series with the same dimension values, split where EMF's limits
 * require it; the invocation's trace and request ids ride along as
 * properties so Logs Insights can join metrics to logs. Documents are built
 * as strings from pre-encoded parts, so sizes are known before rendering.
 */
import { utf8Length, type ExportBatch } from '../../src/index.js'
import { DropReasons, Drops } from './drops.js'
import { packDocuments, type PackItem, type PackedDocument } from './emf-pack.js'
import { expandValues } from './emf-values.js'
import type { ResolvedCloudWatchOptions } from './options.js'
import { groupSeries, type SeriesGroup } from './series.js'
import { unitResolver, type UnknownUnitHandler } from './unit-resolver.js'

/** Documents for one batch and what was left out. */
export interface EmfResult {
  /** One JSON document per element, without a trailing newline. */
  readonly documents: string[]
  readonly drops: Drops
}

/** Per-call inputs beside the options. */
export interface EmfEncodeContext {
  /** Reference time for the -14 d/+2 h window (default: the batch's time). */
  readonly nowMs?: number
  readonly onUnknownUnit?: UnknownUnitHandler
}

const RESERVED_KEY = '_aws'

/**
 * Serializes a delta batch into EMF documents.
 * @example const { documents } = encodeEmf(batch, resolveCloudWatchOptions({ namespace: 'Checkout' }))
 */
export function encodeEmf(batch: ExportBatch, options: ResolvedCloudWatchOptions, context: EmfEncodeContext = {}): EmfResult {
  const drops = new Drops()
  const groups = groupSeries(batch, {
    dimensions: options.dimensions,
    unitOf: unitResolver(options.units, context.onUnknownUnit),
    nowMs: context.nowMs ?? batch.timeMs,
    drops,
  })
  const documents: string[] = []
  let sampled = 0
  const head = `{"_aws":{"Timestamp":${Math.floor(batch.timeMs)},"CloudWatchMetrics":[{"Namespace":${JSON.stringify(options.namespace)},"Dimensions":`
  for (const group of groups) {
    const items = packItems(group, options, drops, () => sampled++)
    if (items.length === 0) continue
    const frame = documentFrame(head, group, batch.invocation, items)
    for (const packed of packDocuments(items, frame.bytes)) documents.push(render(frame, packed))
  }
  if (sampled > 0) drops.note(`${sampled} histogram series sampled down to ${options.maxHistogramValues} values: EMF has no counts, so Sum and SampleCount are scaled (mode 'api' keeps them exact)`)
  return { documents, drops }
}

function packItems(group: SeriesGroup, options: ResolvedCloudWatchOptions, drops: Drops, onSampled: () => void): PackItem[] {
  const items: PackItem[] = []
  const groupBroken = Object.hasOwn(group.dimensions, RESERVED_KEY)
  const resolution = options.storageResolution === 1 ? ',"StorageResolution":1' : ''
  for (const entry of group.entries.values()) {
    // Metric values and dimension values share the root object (EMF-5): a clash would corrupt both.
    if (groupBroken || entry.name === RESERVED_KEY || Object.hasOwn(group.dimensions, entry.name)) {
      drops.add(DropReasons.keyCollision)
      continue
    }
    const expanded = expandValues(entry, options.maxHistogramValues)
    if (expanded.sampled) onSampled()
    const nameJson = JSON.stringify(entry.name)
    items.push({ name: entry.name, nameJson, definitionJson: `{"Name":${nameJson},"Unit":"${entry.unit}"${resolution}}`, values: expanded.values })
  }
  return items
}

/** A document without metrics: `start` + definitions + `middle` + members + `}`. */
interface Frame {
  readonly start: string
  readonly middle: string
  readonly bytes: number
}

function documentFrame(head: string, group: SeriesGroup, invocation: ExportBatch['invocation'], items: readonly PackItem[]): Frame {
  const taken = new Set([RESERVED_KEY, ...Object.keys(group.dimensions), ...items.map((item) => item.name)])
  let members = ''
  for (const [name, value] of Object.entries(group.dimensions)) members += `,${JSON.stringify(name)}:${JSON.stringify(value)}`
  // Properties never shadow a dimension or a metric of the same name.
  if (invocation !== undefined) {
    if (invocation.traceId !== '' && !taken.has('traceId')) members += `,"traceId":${JSON.stringify(invocation.traceId)}`
    if (invocation.requestId !== undefined && !taken.has('requestId')) members += `,"requestId":${JSON.stringify(invocation.requestId)}`
  }
  const start = `${head}${JSON.stringify(group.dimensionSets)},"Metrics":[`
  const middle = `]}]}${members}`
  return { start, middle, bytes: utf8Length(start) + utf8Length(middle) + 1 }
}

function render(frame: Frame, packed: PackedDocument): string {
  let definitions = ''
  let members = ''
  for (const { item, valuesJson } of packed) {
    definitions += definitions === '' ? item.definitionJson : `,${item.definitionJson}`
    members += `,${item.nameJson}:${valuesJson}`
  }
  return `${frame.start}${definitions}${frame.middle}${members}}`
}
