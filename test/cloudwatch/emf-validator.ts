/**
 * An EMF validator written from the specification's rules (specs.md §4.2,
 * EMF-1 … EMF-8), independent of the adapter's code: it returns every rule
 * a log line breaks, so a test can assert an empty list.
 */
const UNITS = new Set([
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
])
const NAMESPACE = /^(?=.*\S)[a-zA-Z0-9 ._#:/-]+$/
const MAX_EVENT_BYTES = 256 * 1024
const DAY = 24 * 60 * 60 * 1000

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isAscii = (text: string): boolean => /^[\x20-\x7e]*$/.test(text)

/** Every EMF rule `line` breaks; empty when the line is a valid EMF document. */
export function emfProblems(line: string, nowMs = Date.now()): string[] {
  const problems: string[] = []
  if (/[\r\n]/.test(line)) problems.push('EMF-1/EMF-10: the document spans more than one line')
  if (new TextEncoder().encode(line).length > MAX_EVENT_BYTES) problems.push('EMF-6: event larger than 256 KB')
  if (/\bNaN\b|Infinity/.test(line)) problems.push('EMF-7: NaN or Infinity in the text')
  let root: unknown
  try {
    root = JSON.parse(line)
  } catch {
    return [...problems, 'EMF-1: not valid JSON']
  }
  if (!isObject(root)) return [...problems, 'EMF-1: root is not a JSON object']
  for (const name of repeatedRootNames(line)) problems.push(`EMF-1: root member ${JSON.stringify(name)} appears more than once (RFC 8259 names SHOULD be unique; parsers keep one)`)
  const aws = root['_aws']
  if (!isObject(aws)) return [...problems, 'EMF-2: _aws missing or not an object']
  const timestamp = aws['Timestamp']
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp)) problems.push('EMF-2: Timestamp is not an integer')
  else if (timestamp < nowMs - 14 * DAY || timestamp > nowMs + 2 * 60 * 60 * 1000) problems.push('EMF-8: Timestamp outside -14 d/+2 h')
  const directives = aws['CloudWatchMetrics']
  if (!Array.isArray(directives)) return [...problems, 'EMF-2: CloudWatchMetrics is not an array']
  const names = new Set<string>()
  for (const directive of directives) problems.push(...directiveProblems(directive, root, names))
  return problems
}

function directiveProblems(directive: unknown, root: Record<string, unknown>, names: Set<string>): string[] {
  if (!isObject(directive)) return ['EMF-3: a MetricDirective is not an object']
  const problems: string[] = []
  const namespace = directive['Namespace']
  if (typeof namespace !== 'string' || namespace.length < 1 || namespace.length > 1024) problems.push('EMF-3: Namespace is not a 1-1024 character string')
  else if (!NAMESPACE.test(namespace) || namespace.length > 256) problems.push('EMF-8: Namespace breaks the pattern or 256 characters')
  const dimensions = directive['Dimensions']
  if (!Array.isArray(dimensions) || dimensions.length < 1) problems.push('EMF-4: Dimensions is not a non-empty array (use [[]])')
  else for (const set of dimensions) problems.push(...dimensionSetProblems(set, root))
  const metrics = directive['Metrics']
  if (!Array.isArray(metrics)) return [...problems, 'EMF-3: Metrics is not an array']
  if (metrics.length > 100) problems.push(`EMF-3: ${metrics.length} metrics in one directive (max 100)`)
  for (const metric of metrics) problems.push(...metricProblems(metric, root, names))
  return problems
}

function dimensionSetProblems(set: unknown, root: Record<string, unknown>): string[] {
  if (!Array.isArray(set)) return ['EMF-3: a DimensionSet is not an array']
  const problems: string[] = []
  if (set.length > 30) problems.push(`EMF-4: DimensionSet with ${set.length} keys (max 30)`)
  for (const key of set) {
    if (typeof key !== 'string' || key.length < 1 || key.length > 250) {
      problems.push(`EMF-4: dimension key ${JSON.stringify(key)} is not a 1-250 character string`)
      continue
    }
    const value = root[key]
    if (typeof value !== 'string') problems.push(`EMF-4: dimension ${key} has no top-level string value`)
    else if (value.length < 1 || value.length > 1024 || !isAscii(value) || !isAscii(key)) problems.push(`EMF-4/EMF-8: dimension ${key} value is empty, over 1024 characters or not ASCII`)
  }
  return problems
}

function metricProblems(metric: unknown, root: Record<string, unknown>, names: Set<string>): string[] {
  if (!isObject(metric)) return ['EMF-5: a MetricDefinition is not an object']
  const problems: string[] = []
  const name = metric['Name']
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) return ['EMF-5/EMF-8: Name is not a 1-255 character string']
  if (names.has(name)) problems.push(`EMF-6: metric ${name} defined twice in one document`)
  names.add(name)
  const unit = metric['Unit']
  if (unit !== undefined && (typeof unit !== 'string' || !UNITS.has(unit))) problems.push(`EMF-5: unit ${String(unit)} is not a CloudWatch unit`)
  const resolution = metric['StorageResolution']
  if (resolution !== undefined && resolution !== 1 && resolution !== 60) problems.push('EMF-5: StorageResolution is not 1 or 60')
  const value = root[name]
  const values = Array.isArray(value) ? value : [value]
  if (values.length > 100) problems.push(`EMF-5: ${name} has ${values.length} values (max 100)`)
  if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) problems.push(`EMF-5/EMF-7: ${name} is not a finite number or array of finite numbers`)
  return problems
}

/** Names of the root object's members that appear more than once in the text (JSON.parse keeps the last silently). */
function repeatedRootNames(line: string): string[] {
  const seen = new Set<string>()
  const repeated: string[] = []
  let depth = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') depth--
    else if (c === '"') {
      let end = i + 1
      while (line[end] !== '"') end += line[end] === '\\' ? 2 : 1
      if (depth === 1 && line[end + 1] === ':') {
        const name = JSON.parse(line.slice(i, end + 1)) as string
        if (seen.has(name)) repeated.push(name)
        seen.add(name)
      }
      i = end
    }
  }
  return repeated
}

/** One metric as CloudWatch extracts it from a document: a directive, one of its dimension sets, one metric. */
export interface ExtractedDatum {
  readonly namespace: string
  readonly name: string
  readonly unit: string
  readonly dimensions: Readonly<Record<string, string>>
  readonly values: readonly number[]
}

/**
 * What CloudWatch makes of a valid document, written from the specification
 * (EMF-3 … EMF-5): every directive, every dimension set in it, every metric
 * it lists, with the dimension values and metric values read from the root.
 */
export function extractDatums(line: string): ExtractedDatum[] {
  const root = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[] } }
  const datums: ExtractedDatum[] = []
  for (const directive of root._aws.CloudWatchMetrics) {
    for (const set of directive.Dimensions) {
      const dimensions = Object.fromEntries(set.map((key) => [key, root[key] as string]))
      for (const metric of directive.Metrics) {
        const value = root[metric.Name]
        datums.push({ namespace: directive.Namespace, name: metric.Name, unit: metric.Unit ?? 'None', dimensions, values: Array.isArray(value) ? value : [value as number] })
      }
    }
  }
  return datums
}
