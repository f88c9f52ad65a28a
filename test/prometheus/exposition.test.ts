import { describe, expect, it } from 'vitest'
import { encodeTextExposition, escapeHelp, escapeLabelValue, formatBucketBound, formatSampleValue } from '../../src/core/exposition/index.js'
import { histogramFamily, numberFamily } from '../support/prom-batches.js'

describe('formatBucketBound (Go strconv.FormatFloat(x, g, -1, 64))', () => {
  it.each([
    [Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'], [0, '0'], [-0, '0'], [1, '1'], [-1, '-1'],
    [0.005, '0.005'], [0.1, '0.1'], [2.5, '2.5'], [10, '10'], [100000, '100000'], [123456.7, '123456.7'],
    [1e6, '1e+06'], [1234567, '1.234567e+06'], [1e21, '1e+21'], [1.5e300, '1.5e+300'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [1e-7, '1e-07'], [2.5e-5, '2.5e-05'], [-3e-9, '-3e-09'],
    [0.1 + 0.2, '0.30000000000000004'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('%s → %s', (bound, text) => {
    expect(formatBucketBound(bound)).toBe(text)
  })

  it('round-trips every value it prints', () => {
    for (let i = 0; i < 2000; i++) {
      const value = (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20)
      expect(Number(formatBucketBound(value))).toBe(value)
    }
  })
})

describe('formatSampleValue', () => {
  it('writes the special tokens, never String(Infinity)', () => {
    expect([Infinity, -Infinity, NaN, 0, 1.5, -2, 1e21].map(formatSampleValue)).toEqual(['+Inf', '-Inf', 'NaN', '0', '1.5', '-2', '1e+21'])
  })
})

describe('escaping', () => {
  it('escapes label values: backslash, quote, line feed', () => {
    expect(escapeLabelValue('C:\\DIR\\FILE.TXT "quoted"\nnext')).toBe('C:\\\\DIR\\\\FILE.TXT \\"quoted\\"\\nnext')
    expect(escapeLabelValue('plain /path ünï ☃')).toBe('plain /path ünï ☃')
  })

  it('escapes HELP: only backslash and line feed, never quotes', () => {
    expect(escapeHelp('say "hi" C:\\x\nmore')).toBe('say "hi" C:\\\\x\\nmore')
  })
})

describe('encodeTextExposition', () => {
  it('renders a golden exposition', () => {
    const text = encodeTextExposition([
      numberFamily('counter', 'http_requests_total', [[{ method: 'GET', route: '/a' }, 3], [{ method: 'POST', route: '/b' }, 1]], 1, 'Requests "served"\\ by\nroute'),
      numberFamily('gauge', 'temperature', [[{}, -Infinity]], 1, ''),
      histogramFamily('latency_seconds', [0.005, 0.1, 1], [[{ route: '/a' }, [0.001, 0.05, 0.2, 7]]], 1, 'Latency'),
    ])
    expect(text).toBe([
      '# HELP http_requests_total Requests "served"\\\\ by\\nroute',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="GET",route="/a"} 3',
      'http_requests_total{method="POST",route="/b"} 1',
      '# TYPE temperature gauge',
      'temperature -Inf',
      '# HELP latency_seconds Latency',
      '# TYPE latency_seconds histogram',
      'latency_seconds_bucket{route="/a",le="0.005"} 1',
      'latency_seconds_bucket{route="/a",le="0.1"} 2',
      'latency_seconds_bucket{route="/a",le="1"} 3',
      'latency_seconds_bucket{route="/a",le="+Inf"} 4',
      'latency_seconds_sum{route="/a"} 7.251',
      'latency_seconds_count{route="/a"} 4',
      '',
    ].join('\n'))
  })

  it('escapes label values, drops empty ones, and adds extra labels a series lacks', () => {
    const text = encodeTextExposition(
      [numberFamily('counter', 'jobs_total', [[{ path: 'C:\\DIR\\"x"\nnext', empty: '', region: 'us' }, NaN]])],
      { extraLabels: { region: 'eu', zone: 'a', blank: '' } },
    )
    expect(text.split('\n')[2]).toBe('jobs_total{path="C:\\\\DIR\\\\\\"x\\"\\nnext",region="us",zone="a"} NaN')
  })

  it('renders histogram buckets cumulatively with +Inf equal to _count, without labels too', () => {
    const text = encodeTextExposition([histogramFamily('h', [1, 2], [[{}, [0.5, 1, 1.5, 9, 9]]])])
    expect(text).toContain('h_bucket{le="1"} 2\nh_bucket{le="2"} 3\nh_bucket{le="+Inf"} 5\nh_sum 21\nh_count 5\n')
  })

  it('keeps every family contiguous, HELP before TYPE before samples, no timestamps, final line feed', () => {
    const text = encodeTextExposition([
      numberFamily('counter', 'a_total', [[{ x: '1' }, 1], [{ x: '2' }, 2]]),
      histogramFamily('b', [1], [[{ y: '1' }, [1]], [{ y: '2' }, [3]]]),
    ])
    expect(text.endsWith('\n')).toBe(true)
    expect(text).not.toContain('\r')
    const lines = text.trimEnd().split('\n')
    const familyOf = (line: string): string => (line.startsWith('#') ? line.split(' ')[2]! : line.startsWith('a_total') ? 'a_total' : 'b')
    const order = lines.map(familyOf).filter((f, i, all) => i === 0 || all[i - 1] !== f)
    expect(order).toEqual(['a_total', 'b'])
    for (const line of lines.filter((l) => !l.startsWith('#'))) expect(line.split(' ')).toHaveLength(2)
    expect(lines.indexOf('# HELP b b help')).toBe(lines.indexOf('# TYPE b histogram') - 1)
  })

  it('renders nothing for families without series', () => {
    expect(encodeTextExposition([numberFamily('counter', 'idle_total', [])])).toBe('')
  })

  it('encodes 1,000 series fast', () => {
    const series: Array<[Record<string, string>, number]> = []
    for (let i = 0; i < 900; i++) series.push([{ method: i % 2 ? 'GET' : 'POST', route: `/r/${i}`, status: '200' }, i * 1.5])
    const hist: Array<[Record<string, string>, number[]]> = []
    for (let i = 0; i < 100; i++) hist.push([{ route: `/r/${i}` }, [0.01, 0.2, i]])
    const metrics = [numberFamily('counter', 'req_total', series), histogramFamily('lat_seconds', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], hist)]
    for (let i = 0; i < 200; i++) encodeTextExposition(metrics)
    const runs = 500
    const start = performance.now()
    for (let i = 0; i < runs; i++) encodeTextExposition(metrics)
    const perCall = (performance.now() - start) / runs
    console.info(`encodeTextExposition: 1,000 series (10 % histograms) in ${perCall.toFixed(3)} ms`)
    // The target is 0.5 ms; the assertion leaves room for slow shared CI machines.
    expect(perCall).toBeLessThan(5)
  })
})
