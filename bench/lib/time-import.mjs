// Child of the cold-start group: imports one bundled entry and prints how long
// that took, in wall time and in process CPU time (ms), as the last line of
// its output (JSON). The import counts until the next macrotask, as Lambda's
// init does: its runtime asks for the first event only after the module is
// loaded and the work it queued in promises has run. With --invoke it then
// calls the entry's `handler` once, as Lambda's first invocation would, and
// adds the time to that point.
// Wall time comes from process.hrtime: touching `performance` first would load
// Node's perf_hooks (~1 ms) here, outside the figure, for an entry that uses it.
import { pathToFileURL } from 'node:url'

const ms = () => Number(process.hrtime.bigint()) / 1e6

/** Enough of a Lambda context for lastcall's wrapper; Powertools ignores it. */
const CONTEXT = {
  awsRequestId: 'cold-start-1', functionName: 'bench', functionVersion: '$LATEST', memoryLimitInMB: '128',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:bench', logGroupName: '/aws/lambda/bench',
  logStreamName: 'cold', getRemainingTimeInMillis: () => 3000,
}

const url = pathToFileURL(process.argv[2]).href
const cpu0 = process.cpuUsage()
const t0 = ms()
const mod = await import(url)
await new Promise((resolve) => setImmediate(resolve))
const wall = ms() - t0
const cpu = process.cpuUsage(cpu0)
const result = { wall, cpu: (cpu.user + cpu.system) / 1000 }
if (process.argv[3] === '--invoke') {
  await mod.handler({}, CONTEXT)
  const first = process.cpuUsage(cpu0)
  result.firstWall = ms() - t0
  result.firstCpu = (first.user + first.system) / 1000
}
process.stdout.write(`\n${JSON.stringify(result)}\n`)
