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
  // What every document of the batch shares is written and measured once.
  const shared = { head, headBytes: utf8Length(head), ...invocationMembers(batch.invocation) }
  for (const group of groups) {
    const items = packItems(group, options, drops, () => sampled++)
    if (items.length === 0) continue
    const frame = documentFrame(shared, group, items)
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
    const written = definitionOf(entry.name, entry.unit, resolution)
    items.push({ name: entry.name, nameJson: written.nameJson, definitionJson: written.definitionJson, values: expanded.values })
  }
  return items
}

interface WrittenDefinition {
  readonly unit: string
  readonly resolution: string
  readonly nameJson: string
  readonly definitionJson: string
}

// A metric's name and definition as JSON, kept across flushes: they change only with its unit.
const MAX_DEFINITIONS = 4096
const definitions = new Map<string, WrittenDefinition>()

function definitionOf(name: string, unit: string, resolution: string): WrittenDefinition {
  const kept = definitions.get(name)
  if (kept !== undefined && kept.unit === unit && kept.resolution === resolution) return kept
  const nameJson = JSON.stringify(name)
  const written = { unit, resolution, nameJson, definitionJson: `{"Name":${nameJson},"Unit":"${unit}"${resolution}}` }
  if (kept !== undefined || definitions.size < MAX_DEFINITIONS) definitions.set(name, written)
  return written
}

/** A document without metrics: `start` + definitions + `middle` + members + `}`. */
interface Frame {
  readonly start: string
  readonly middle: string
  readonly bytes: number
}

/** The invocation's ids as root members, each with its size in bytes. */
interface InvocationMembers {
  readonly traceId: string
  readonly traceIdBytes: number
  readonly requestId: string
  readonly requestIdBytes: number
}

function invocationMembers(invocation: ExportBatch['invocation']): InvocationMembers {
  const traceId = invocation === undefined || invocation.traceId === '' ? '' : `,"traceId":${JSON.stringify(invocation.traceId)}`
  const requestId = invocation?.requestId === undefined ? '' : `,"requestId":${JSON.stringify(invocation.requestId)}`
  return { traceId, traceIdBytes: utf8Length(traceId), requestId, requestIdBytes: utf8Length(requestId) }
}

// Dimension sets come from the kept layouts, so each set list is written as JSON once.
const setsJson = new WeakMap<object, { readonly json: string; readonly bytes: number }>()

function dimensionSetsJson(sets: SeriesGroup['dimensionSets']): { readonly json: string; readonly bytes: number } {
  let written = setsJson.get(sets)
  if (written === undefined) {
    const json = JSON.stringify(sets)
    setsJson.set(sets, (written = { json, bytes: utf8Length(json) }))
  }
  return written
}

// A group's dimensions object is kept with its series' placement (series.ts), so their members
// are written as JSON once, not at every flush.
const dimensionMembers = new WeakMap<object, { readonly json: string; readonly bytes: number }>()

function dimensionsJson(dimensions: SeriesGroup['dimensions']): { readonly json: string; readonly bytes: number } {
  let written = dimensionMembers.get(dimensions)
  if (written === undefined) {
    let json = ''
    for (const name in dimensions) json += `,${JSON.stringify(name)}:${JSON.stringify(dimensions[name])}`
    dimensionMembers.set(dimensions, (written = { json, bytes: utf8Length(json) }))
  }
  return written
}

function documentFrame(shared: InvocationMembers & { readonly head: string; readonly headBytes: number }, group: SeriesGroup, items: readonly PackItem[]): Frame {
  const written = dimensionsJson(group.dimensions)
  let members = written.json
  let bytes = written.bytes
  // Properties never shadow a dimension or a metric of the same name.
  if (shared.traceId !== '' && !isTaken('traceId', group, items)) {
    members += shared.traceId
    bytes += shared.traceIdBytes
  }
  if (shared.requestId !== '' && !isTaken('requestId', group, items)) {
    members += shared.requestId
    bytes += shared.requestIdBytes
  }
  const sets = dimensionSetsJson(group.dimensionSets)
  const start = `${shared.head}${sets.json},"Metrics":[`
  // `,"Metrics":[` and `]}]}` are 16 ASCII bytes, the closing `}` one more. Packing counts a comma
  // before every definition; the first one's, never written, pays for the line's newline.
  return { start, middle: `]}]}${members}`, bytes: shared.headBytes + sets.bytes + 16 + bytes + 1 }
}

function isTaken(key: string, group: SeriesGroup, items: readonly PackItem[]): boolean {
  if (Object.hasOwn(group.dimensions, key)) return true
  for (const item of items) if (item.name === key) return true
  return false
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
