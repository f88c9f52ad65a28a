/**
 * The host check (see METHOD_NOTES in notes.mjs): a fixed floating-point
 * loop whose CPU time per call tells whether this shared VM is running at
 * its usual speed. Its steady speed differs between bundles (about 8 µs a
 * call in plain node, 15 µs inside the hot-path bundle), so a reading is
 * compared only with readings of the same group.
 */

/** A reading more than this many times the fastest of its group means the host ran slow. */
export const SLOW = 1.3

const data = new Float64Array(4096).map((_, i) => i * 0.5)

function loop() {
  let sum = 0
  for (let i = 0; i < data.length; i++) sum += data[i] * 1.0001 + (i & 7)
  return sum
}

/** Process CPU time in ns. */
export function cpuNow() {
  const usage = process.cpuUsage()
  return (usage.user + usage.system) * 1000
}

let sink = 0
let warmed = false

/** CPU ns per call of the loop, timed for `ms` of CPU time. */
export function calibrate(ms = 20) {
  if (!warmed) {
    for (let i = 0; i < 200; i++) sink += loop()
    warmed = true
  }
  const start = cpuNow()
  let calls = 0
  while (cpuNow() - start < ms * 1e6) {
    for (let i = 0; i < 16; i++) sink += loop()
    calls += 16
  }
  if (sink === 42) console.error('')
  return (cpuNow() - start) / calls
}
