/**
 * Deno 2 (npm package `deno`) against the built package: it resolves
 * `lastcall` through the root package.json (self-reference, as Node does).
 */
import { describeRuntime } from '../support/runtime-example-suite.js'

describeRuntime({
  name: 'deno',
  // Dynamic imports of the package need read access; the example's static ones do not.
  runFile: (file) => ['run', '--no-prompt', '--allow-read', '--allow-env', file],
  example: ['run', '--no-prompt', '--sloppy-imports', '--allow-net', '--allow-env', 'examples/deno/server.ts'],
  service: 'lastcall-deno-example',
})
