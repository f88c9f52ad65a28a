/**
 * The metric names a PromQL expression reads, found by a small tokenizer
 * rather than a regex over the whole text: label matchers, grouping
 * clauses (`by (le)`), ranges and durations, strings, Grafana variables,
 * functions and keywords are skipped, and `{__name__=~"a|b"}` yields its
 * names. An identifier followed by `(` that is not a PromQL function
 * throws, so a typo in a function name cannot pass as "no metric here".
 */

const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile']

// PromQL 2.42 functions (promql/parser/functions.go).
const FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time', 'ceil', 'changes',
  'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh', 'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year',
  'days_in_month', 'deg', 'delta', 'deriv', 'exp', 'floor', 'histogram_count', 'histogram_fraction', 'histogram_quantile',
  'histogram_sum', 'holt_winters', 'hour', 'idelta', 'increase', 'irate', 'label_join', 'label_replace', 'last_over_time',
  'ln', 'log10', 'log2', 'max_over_time', 'min_over_time', 'minute', 'month', 'pi', 'predict_linear', 'present_over_time',
  'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt',
  'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp', 'vector', 'year',
]

/** Followed by a parenthesised list of label names, not expressions. */
const LABEL_LIST = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right'])
/** Words that are never metric names. `start`/`end` come after `@`. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan', 'start', 'end'])
const CALLABLE = new Set([...AGGREGATIONS, ...FUNCTIONS])

const IDENT_START = /[A-Za-z_:]/
const IDENT = /[A-Za-z0-9_:]/
const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/

/**
 * Every metric name `expr` selects, in order of first appearance.
 * @example metricNames('sum by (le) (rate(x_bucket{job="a"}[5m]))') // ['x_bucket']
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>()
  let i = 0
  while (i < expr.length) {
    const c = expr[i] as string
    if (c === '#') i = skipPast(expr, i, '\n')
    else if (c === '"' || c === "'" || c === '`') i = readString(expr, i).end
    else if (c === '{') i = readMatchers(expr, i, names)
    else if (c === '[') i = skipPast(expr, i, ']')
    else if (c === '$') i = skipVariable(expr, i)
    else if (/[0-9.]/.test(c)) i = skipWhile(expr, i, /[0-9A-Za-z_.]/)
    else if (IDENT_START.test(c)) i = readIdentifier(expr, i, names)
    else i++
  }
  return [...names]
}

function readIdentifier(expr: string, start: number, names: Set<string>): number {
  const end = skipWhile(expr, start, IDENT)
  const word = expr.slice(start, end)
  const lower = word.toLowerCase()
  const next = skipWhile(expr, end, /\s/)
  if (LABEL_LIST.has(lower)) return expr[next] === '(' ? skipPast(expr, next, ')') : end
  if (KEYWORDS.has(lower) || CALLABLE.has(lower)) return end
  if (expr[next] === '(') throw new Error(`unknown PromQL function ${word}( in: ${expr}`)
  names.add(word)
  return end
}

/** Reads `{name op "value", …}`; only `__name__` matchers name metrics. */
function readMatchers(expr: string, open: number, names: Set<string>): number {
  let i = open + 1
  for (;;) {
    i = skipWhile(expr, i, /[\s,]/)
    if (i >= expr.length) throw new Error(`unclosed { in: ${expr}`)
    if (expr[i] === '}') return i + 1
    const label = expr[i] === '"' ? readString(expr, i) : { value: expr.slice(i, skipWhile(expr, i, IDENT)), end: skipWhile(expr, i, IDENT) }
    i = skipWhile(expr, label.end, /\s/)
    const op = /^(=~|!~|!=|=)/.exec(expr.slice(i))?.[0]
    if (op === undefined) throw new Error(`expected a matcher operator at ${i} in: ${expr}`)
    i = skipWhile(expr, i + op.length, /\s/)
    const value = readString(expr, i)
    i = value.end
    if (label.value === '__name__' && (op === '=' || op === '=~')) {
      for (const name of op === '=' ? [value.value] : value.value.split('|')) {
        if (!NAME.test(name)) throw new Error(`cannot check __name__ pattern ${JSON.stringify(value.value)}: use plain alternatives`)
        names.add(name)
      }
    }
  }
}

/** A quoted string starting at `open`: its (unescaped enough) value and the index after it. */
function readString(expr: string, open: number): { value: string; end: number } {
  const quote = expr[open]
  if (quote !== '"' && quote !== "'" && quote !== '`') throw new Error(`expected a string at ${open} in: ${expr}`)
  let value = ''
  for (let i = open + 1; i < expr.length; i++) {
    const c = expr[i] as string
    if (c === '\\' && quote !== '`') {
      value += expr[i + 1] ?? ''
      i++
    } else if (c === quote) {
      return { value, end: i + 1 }
    } else {
      value += c
    }
  }
  throw new Error(`unclosed string in: ${expr}`)
}

/** Grafana variables: `$name`, `$__rate_interval`, `${name}`, `${name:regex}`. */
function skipVariable(expr: string, dollar: number): number {
  return expr[dollar + 1] === '{' ? skipPast(expr, dollar, '}') : skipWhile(expr, dollar + 1, /[A-Za-z0-9_]/)
}

/** Index after the first `close` at or after `from` (nesting of parentheses respected). */
function skipPast(expr: string, from: number, close: string): number {
  let depth = 0
  for (let i = from; i < expr.length; i++) {
    const c = expr[i]
    if (close === ')' && c === '(') depth++
    else if (c === close && (close !== ')' || --depth === 0)) return i + 1
  }
  return expr.length
}

function skipWhile(expr: string, from: number, pattern: RegExp): number {
  let i = from
  while (i < expr.length && pattern.test(expr[i] as string)) i++
  return i
}
