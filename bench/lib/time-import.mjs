// Child of the cold-start group: imports one bundled entry and prints how long
// that took, in wall time and in process CPU time (ms), as one JSON line.
import { pathToFileURL } from 'node:url'

const url = pathToFileURL(process.argv[2]).href
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await import(url)
const wall = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }))
