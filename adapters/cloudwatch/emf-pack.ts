/**
 * Splits one group's metrics into EMF documents within the format's limits:
 * at most 100 metric definitions and 100 values per metric in a document,
 * and a byte budget per log event (EMF-3, EMF-5, EMF-6).
 */

/** EMF's per-document limits. */
export const EmfLimits = {
  metricsPerDocument: 100,
  valuesPerMetric: 100,
  // EMF-6 says 256 KB; leave room for the prefix Lambda adds to a text-format log line.
  eventBytes: 256 * 1024 - 4 * 1024,
} as const

/** A metric with all its (expanded) values, and its name and definition already as JSON. */
export interface PackItem {
  readonly name: string
  readonly nameJson: string
  /** The MetricDefinition in the directive, e.g. `{"Name":"a","Unit":"Count"}`. */
  readonly definitionJson: string
  readonly values: readonly number[]
}

/** One document's share: each metric with the slice of values it carries there, already as JSON. */
export type PackedDocument = { readonly item: PackItem; readonly count: number; readonly valuesJson: string }[]

/**
 * Packs items into documents. Items with the most values go first, so the
 * long ones spread over the fewest documents (as the EMF libraries do).
 * `baseBytes` is the size of a document without any metric.
 * @example packDocuments([{ name: 'a', nameJson: '"a"', definitionJson: '{"Name":"a"}', values: [1] }], 200) // [[{ item, count: 1, valuesJson: '1' }]]
 */
export function packDocuments(items: readonly PackItem[], baseBytes: number, maxBytes: number = EmfLimits.eventBytes): PackedDocument[] {
  const queue = items.filter((item) => item.values.length > 0)
  if (queue.length > 1) queue.sort((a, b) => b.values.length - a.values.length)
  const whole = wholeDocument(queue, baseBytes, maxBytes)
  if (whole !== undefined) return whole.length === 0 ? [] : [whole]
  const offsets = new Map<PackItem, number>()
  const documents: PackedDocument[] = []
  while (queue.length > 0) {
    const document: PackedDocument = []
    let bytes = baseBytes
    for (const item of queue) {
      if (document.length === EmfLimits.metricsPerDocument) break
      const offset = offsets.get(item) ?? 0
      const values = offset === 0 && item.values.length <= EmfLimits.valuesPerMetric ? item.values : item.values.slice(offset, offset + EmfLimits.valuesPerMetric)
      const json = valuesJson(values)
      const cost = costOf(item, json)
      // A first metric always fits: names and values are bounded far below the budget.
      if (document.length > 0 && bytes + cost > maxBytes) continue
      document.push({ item, count: values.length, valuesJson: json })
      bytes += cost
    }
    for (const { item, count } of document) offsets.set(item, (offsets.get(item) ?? 0) + count)
    documents.push(document)
    removeFinished(queue, offsets)
  }
  return documents
}

/**
 * The usual case, every item whole in one document, without the carry-over
 * bookkeeping; undefined when the items need the general packing. The same
 * document the general packing would make, since nothing is skipped or cut.
 */
function wholeDocument(queue: readonly PackItem[], baseBytes: number, maxBytes: number): PackedDocument | undefined {
  if (queue.length > EmfLimits.metricsPerDocument) return undefined
  const document: PackedDocument = []
  let bytes = baseBytes
  for (const item of queue) {
    if (item.values.length > EmfLimits.valuesPerMetric) return undefined
    const json = valuesJson(item.values)
    const cost = costOf(item, json)
    if (document.length > 0 && bytes + cost > maxBytes) return undefined
    document.push({ item, count: item.values.length, valuesJson: json })
    bytes += cost
  }
  return document
}

/**
 * The bytes a metric adds to a document: its definition and a comma in the
 * directive, and `,"name":values` at the root (names and values are ASCII).
 */
export function costOf(item: PackItem, valuesJson: string): number {
  return item.definitionJson.length + item.nameJson.length + valuesJson.length + 3
}

function removeFinished(queue: PackItem[], offsets: ReadonlyMap<PackItem, number>): void {
  let kept = 0
  for (const item of queue) if ((offsets.get(item) ?? 0) < item.values.length) queue[kept++] = item
  queue.length = kept
}

/** A lone value as a number, several as an array; finite numbers only (checked upstream). */
export function valuesJson(values: readonly number[]): string {
  return values.length === 1 ? String(values[0]) : `[${values.join(',')}]`
}
