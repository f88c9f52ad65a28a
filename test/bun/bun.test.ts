/**
 * Bun 1 (npm package `bun`) against the built package: it resolves
 * `lastcall` through the root package.json (self-reference, as Node does).
 */
import { describeRuntime } from '../support/runtime-example-suite.js'

describeRuntime({
  name: 'bun',
  runFile: (file) => [file],
  example: ['examples/bun/server.ts'],
  service: 'lastcall-bun-example',
})
