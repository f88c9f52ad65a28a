/**
 * The EMF encoder: a delta batch in, log lines out, no I/O. Series with the
 * same dimension values form a group, written as one MetricDirective and
 * split where EMF's limits require it. Groups whose root members agree
 * (no dimension with two values, no metric name used twice or as a
 * dimension) share a document, one directive each, so an invocation's
 * metrics usually take one log line. The invocation's trace and request ids
 * ride along as properties so Logs Insights can join metrics to logs.
 * Documents are built as strings from pre-encoded parts, so sizes are known
 * before rendering.
 */
import { utf8Length, type ExportBatch } from '../../src/index.js'
import { DropReasons, Drops } from './drops.js'
import { EmfLimits, costOf, packDocuments, type PackItem, type PackedDocument } from './emf-pack.js'
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
  let sampled = 0
  const shared = sharedParts(batch, options)
  const parts: Part[] = []
  for (const group of groups) {
    const items = packItems(group, options, drops, () => sampled++)
    if (items.length === 0) continue
    const frame = groupFrame(shared, group, items)
    for (const packed of packDocuments(items, frame.bytes)) {
      let bytes = frame.bytes
      for (const { item, valuesJson } of packed) bytes += costOf(item, valuesJson)
      parts.push({ group, frame, packed, bytes })
    }
  }
  const documents: string[] = []
  for (const document of mergeParts(parts, shared)) documents.push(render(document, shared))
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
// One map per storage resolution, so two adapters that differ only in it do not evict each other.
const MAX_DEFINITIONS = 4096
const standardDefinitions = new Map<string, WrittenDefinition>()
const highDefinitions = new Map<string, WrittenDefinition>()

function definitionOf(name: string, unit: string, resolution: string): WrittenDefinition {
  const definitions = resolution === '' ? standardDefinitions : highDefinitions
  const kept = definitions.get(name)
  if (kept !== undefined && kept.unit === unit && kept.resolution === resolution) return kept
  const nameJson = JSON.stringify(name)
  const written = { unit, resolution, nameJson, definitionJson: `{"Name":${nameJson},"Unit":"${unit}"${resolution}}` }
  if (kept !== undefined || definitions.size < MAX_DEFINITIONS) definitions.set(name, written)
  return written
}

/** What every document of a batch shares, written and measured once. */
interface Shared {
  /** `{"_aws":{"Timestamp":…,"CloudWatchMetrics":[`, before the first directive. */
  readonly prefix: string
  readonly prefixBytes: number
  /** `{"Namespace":…,"Dimensions":`, the start of every directive. */
  readonly directive: string
  readonly directiveBytes: number
  /** The invocation's ids as root members (`,"traceId":"…"`), or '' when the batch has none. */
  readonly traceId: string
  readonly traceIdBytes: number
  readonly requestId: string
  readonly requestIdBytes: number
}

function sharedParts(batch: ExportBatch, options: ResolvedCloudWatchOptions): Shared {
  const prefix = `{"_aws":{"Timestamp":${Math.floor(batch.timeMs)},"CloudWatchMetrics":[`
  const directive = `{"Namespace":${JSON.stringify(options.namespace)},"Dimensions":`
  const invocation = batch.invocation
  const traceId = invocation === undefined || invocation.traceId === '' ? '' : `,"traceId":${JSON.stringify(invocation.traceId)}`
  const requestId = invocation?.requestId === undefined ? '' : `,"requestId":${JSON.stringify(invocation.requestId)}`
  return {
    prefix, prefixBytes: utf8Length(prefix), directive, directiveBytes: utf8Length(directive),
    traceId, traceIdBytes: utf8Length(traceId), requestId, requestIdBytes: utf8Length(requestId),
  }
}

/** A group's directive and root members, without its metrics. */
interface Frame {
  /** `{"Namespace":…,"Dimensions":[…],"Metrics":[`: definitions and `]}` follow. */
  readonly directive: string
  /** The dimension members, each `,"name":"value"`, and all of them joined. */
  readonly dimensions: WrittenDimensions
  /** Whether the group takes `traceId` or `requestId` for a dimension or a metric, so the invocation's id is left out. */
  readonly takesTraceId: boolean
  readonly takesRequestId: boolean
  /** The group's document alone, without metrics, in bytes (its newline included). */
  readonly bytes: number
}

/** One packed share of one group: a directive and its metrics, before documents are merged. */
interface Part {
  readonly group: SeriesGroup
  readonly frame: Frame
  readonly packed: PackedDocument
  /** The share written as a document of its own, in bytes: an upper bound of what it adds to a merged one. */
  readonly bytes: number
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

interface WrittenDimensions {
  readonly json: string
  readonly bytes: number
  readonly names: readonly string[]
  readonly members: readonly string[]
}

// A group's dimensions object is kept with its series' placement (series.ts), so their members
// are written as JSON once, not at every flush.
const dimensionMembers = new WeakMap<object, WrittenDimensions>()

function dimensionsJson(dimensions: SeriesGroup['dimensions']): WrittenDimensions {
  let written = dimensionMembers.get(dimensions)
  if (written === undefined) {
    const names: string[] = []
    const members: string[] = []
    for (const name in dimensions) {
      names.push(name)
      members.push(`,${JSON.stringify(name)}:${JSON.stringify(dimensions[name])}`)
    }
    const json = members.join('')
    dimensionMembers.set(dimensions, (written = { json, bytes: utf8Length(json), names, members }))
  }
  return written
}

function groupFrame(shared: Shared, group: SeriesGroup, items: readonly PackItem[]): Frame {
  const dimensions = dimensionsJson(group.dimensions)
  // Properties never shadow a dimension or a metric of the same name.
  const takesTraceId = isTaken('traceId', group, items)
  const takesRequestId = isTaken('requestId', group, items)
  const sets = dimensionSetsJson(group.dimensionSets)
  let bytes = shared.prefixBytes + shared.directiveBytes + sets.bytes + dimensions.bytes
  if (!takesTraceId) bytes += shared.traceIdBytes
  if (!takesRequestId) bytes += shared.requestIdBytes
  // `,"Metrics":[` and `]}]}` are 16 ASCII bytes, the closing `}` one more. Packing counts a comma
  // before every definition; the first one's, never written, pays for the line's newline.
  return { directive: `${shared.directive}${sets.json},"Metrics":[`, dimensions, takesTraceId, takesRequestId, bytes: bytes + 16 + 1 }
}

function isTaken(key: string, group: SeriesGroup, items: readonly PackItem[]): boolean {
  if (Object.hasOwn(group.dimensions, key)) return true
  for (const item of items) if (item.name === key) return true
  return false
}

/** Parts that share one document, and what they add up to. */
interface Merged {
  readonly parts: Part[]
  metrics: number
  bytes: number
}

/**
 * How many of the newest documents a part may join. Parts of a large batch
 * rarely agree (each group has other dimension values); a small window keeps
 * the search linear, and an invocation's few groups all fit in it.
 */
const OPEN_DOCUMENTS = 8

/**
 * Puts parts into documents, each into the oldest open one it agrees with.
 * Documents stay within EMF's per-event metric count and byte budget: a
 * part's own document size bounds what it adds to a merged one.
 */
function mergeParts(parts: readonly Part[], shared: Shared): Merged[] {
  const documents: Merged[] = []
  for (const part of parts) {
    let home: Merged | undefined
    for (let i = Math.max(0, documents.length - OPEN_DOCUMENTS); i < documents.length; i++) {
      const document = documents[i] as Merged
      if (fits(part, document, shared)) {
        home = document
        break
      }
    }
    if (home === undefined) documents.push({ parts: [part], metrics: part.packed.length, bytes: part.bytes })
    else {
      home.parts.push(part)
      home.metrics += part.packed.length
      home.bytes += part.bytes - shared.prefixBytes
    }
  }
  return documents
}

/**
 * Whether `part` can join `document`: the metric count and bytes stay within
 * EMF's limits, and the root members agree. A shared dimension has one value,
 * a metric name is used once and never as a dimension, and the invocation's
 * ids are either in every part or taken in the same way.
 */
function fits(part: Part, document: Merged, shared: Shared): boolean {
  if (document.metrics + part.packed.length > EmfLimits.metricsPerDocument) return false
  if (document.bytes + part.bytes - shared.prefixBytes > EmfLimits.eventBytes) return false
  const dimensions = part.group.dimensions
  const names = part.frame.dimensions.names
  for (const other of document.parts) {
    const theirs = other.group.dimensions
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string
      if (Object.hasOwn(theirs, name) ? theirs[name] !== dimensions[name] : other.group.entries.has(name)) return false
    }
    for (const { item } of part.packed) if (other.group.entries.has(item.name) || Object.hasOwn(theirs, item.name)) return false
    if (shared.traceId !== '' && other.frame.takesTraceId !== part.frame.takesTraceId) return false
    if (shared.requestId !== '' && other.frame.takesRequestId !== part.frame.takesRequestId) return false
  }
  return true
}

/** A merged document: its directives, then every dimension once, the invocation's ids, and the metrics. */
function render(document: Merged, shared: Shared): string {
  const parts = document.parts
  let directives = ''
  let dimensions = ''
  let members = ''
  let written: Set<string> | undefined
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p] as Part
    let definitions = ''
    for (const { item, valuesJson } of part.packed) {
      definitions += definitions === '' ? item.definitionJson : `,${item.definitionJson}`
      members += `,${item.nameJson}:${valuesJson}`
    }
    directives += `${p === 0 ? '' : ','}${part.frame.directive}${definitions}]}`
    // Parts that agree share a dimension's value: each is written once.
    const own = part.frame.dimensions
    if (p === 0) {
      dimensions = own.json
      continue
    }
    written ??= new Set((parts[0] as Part).frame.dimensions.names)
    for (let i = 0; i < own.names.length; i++) {
      const name = own.names[i] as string
      if (written.has(name)) continue
      written.add(name)
      dimensions += own.members[i] as string
    }
  }
  // Parts agree on the ids (see `fits`), so the first part's choice is every part's.
  const first = (parts[0] as Part).frame
  return `${shared.prefix}${directives}]}${dimensions}${first.takesTraceId ? '' : shared.traceId}${first.takesRequestId ? '' : shared.requestId}${members}}`
}
