/**
 * The groups `npm run bench` runs, each in its own process. `runs` is the
 * default number of processes per group; the figure is the median over them.
 * Deterministic groups (bundle size) need one run; cold start repeats its
 * own child processes, so two runs of it are enough; request latency times
 * hundreds of requests per runtime in its one process.
 */
export const GROUPS = [
  { name: 'hot-path', entry: 'groups/hot-path.ts', runs: 5 },
  { name: 'spans', entry: 'groups/spans.ts', runs: 3 },
  { name: 'invocation', entry: 'groups/invocation.ts', runs: 3 },
  { name: 'encoding-text', entry: 'groups/encoding-text.ts', runs: 2 },
  { name: 'encoding-remote-write', entry: 'groups/encoding-remote-write.ts', runs: 2 },
  { name: 'encoding-otlp', entry: 'groups/encoding-otlp.ts', runs: 2 },
  { name: 'encoding-emf', entry: 'groups/encoding-emf.ts', runs: 2 },
  { name: 'memory', entry: 'groups/memory.ts', runs: 4, nodeArgs: ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'] },
  { name: 'snappy', entry: 'groups/snappy.ts', runs: 2 },
  { name: 'bundle-size', entry: 'groups/bundle-size.mjs', runs: 1, bundled: false },
  { name: 'cold-start', entry: 'groups/cold-start.mjs', runs: 2, bundled: false },
  // Alternates 2 × 550 requests per runtime inside one process; a second run would double its minutes.
  { name: 'request-latency', entry: 'groups/request-latency.mjs', runs: 1, bundled: false },
]
