/** The tokenizer the name checks rely on: what it must find and what it must skip. */
import { describe, expect, it } from 'vitest'
import { metricNames } from './promql-names.js'

describe('metricNames', () => {
  it('finds the metric under functions, aggregations and grouping clauses', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{job=~"$job"}[$__rate_interval])))'))
      .toEqual(['http_request_duration_seconds_bucket'])
  })

  it('skips label names, label values, durations, offsets and numbers', () => {
    expect(metricNames('sum without (instance) (increase(a_total{route="/x", status=~"5.."}[1h] offset 5m)) > 0.05')).toEqual(['a_total'])
    expect(metricNames('sum(rate(a_total[5m])) by (job) > bool 1e-3')).toEqual(['a_total'])
  })

  it('reads both sides of binary operators and vector matching clauses', () => {
    const expr = 'sum by (job) (x:rate5m{status=~"5.."}) / on (job) group_left (team) sum by (job) (y_total) and ignoring (le) z unless w'
    expect(metricNames(expr)).toEqual(['x:rate5m', 'y_total', 'z', 'w'])
  })

  it('takes names from __name__ matchers and skips strings and comments', () => {
    expect(metricNames('{__name__=~"a_total|b_total", job="sum(c_total)"} # d_total')).toEqual(['a_total', 'b_total'])
    expect(metricNames('count({__name__="e"})')).toEqual(['e'])
  })

  it('keeps uppercase keywords out of the names', () => {
    expect(metricNames('SUM BY (job) (a) AND ON (job) b')).toEqual(['a', 'b'])
  })

  it('throws on an unknown function instead of skipping it', () => {
    expect(() => metricNames('hisotgram_quantile(0.9, a_bucket)')).toThrow(/unknown PromQL function hisotgram_quantile/)
  })

  it('throws on a __name__ regex it cannot enumerate', () => {
    expect(() => metricNames('{__name__=~"http_.*"}')).toThrow(/cannot check __name__/)
  })
})
