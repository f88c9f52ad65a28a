/** Looks figures up in latest.json. */

/** Every figure of every group, with the group name attached. */
export function allFigures(latest) {
  return Object.entries(latest.groups ?? {}).flatMap(([group, g]) => (g.figures ?? []).map((f) => ({ ...f, group })))
}

export function find(figures, id, lib) {
  return figures.find((f) => f.id === id && f.lib === lib)
}

/** lastcall's figure of `id`, the peers' figures, and the best (lowest) measured peer. */
export function comparison(figures, id) {
  const ours = find(figures, id, 'lastcall')
  const peers = figures.filter((f) => f.id === id && f.lib !== 'lastcall')
  const measured = peers.filter((p) => p.value !== null && p.value !== undefined)
  const best = measured.length === 0 ? undefined : measured.reduce((a, b) => (b.value < a.value ? b : a))
  return { ours, peers, best }
}
