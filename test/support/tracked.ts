/** A promise with a flag that says whether it has settled yet: for tests that step fake timers. */
export function tracked<T>(promise: Promise<T>): { readonly promise: Promise<T>; settled(): boolean } {
  let settled = false
  const watched = promise.then(
    (value) => { settled = true; return value },
    (error: unknown) => { settled = true; throw error },
  )
  return { promise: watched, settled: () => settled }
}
