// One colour per run, everywhere it is drawn: the runs table's dot, every chart, compare. The
// colour comes from the run's id (the same on every page and for everyone sharing a link), not
// from its place in one chart, so an extra or live run never shifts the others' colours.

export const PALETTE = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#3366cc", "#dc3912", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00", "#b82e2e", "#316395", "#aa7700",
];

/** A colour by position, for things that are not runs (groups of runs). */
export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length];
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The palette slot a run prefers: a hash of its id. */
export function preferredColor(runId: string): string {
  return PALETTE[hash(runId) % PALETTE.length];
}

/**
 * Colours for a list of runs (in the list's order): each run gets its preferred colour unless an
 * earlier run of the list holds it, then the next free one. Give every view of a page the same
 * list (the page's runs), and a run keeps its colour in all of them.
 */
export function runColors(runIds: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  for (const id of runIds) {
    if (out.has(id)) continue;
    let slot = hash(id) % PALETTE.length;
    if (used.size < PALETTE.length) while (used.has(slot)) slot = (slot + 1) % PALETTE.length;
    used.add(slot);
    out.set(id, PALETTE[slot]);
  }
  return out;
}

const REMEMBERED = "cairn.runColors";
const REMEMBER_AT_MOST = 2000;

function remembered(): Record<string, string> {
  try {
    const m = JSON.parse(localStorage.getItem(REMEMBERED) ?? "{}");
    return m && typeof m === "object" ? m : {};
  } catch {
    return {};
  }
}

/**
 * runColors that also remembers (in local storage) the colours given to the first runs of a
 * list, and gives a remembered run its colour again on another page (compare, a run's charts)
 * while no earlier run of that page holds it.
 */
export function stickyRunColors(runIds: string[]): Map<string, string> {
  const known = remembered();
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of runIds) {
    const c = known[id];
    if (c && PALETTE.includes(c) && !used.has(c) && !out.has(id)) {
      out.set(id, c);
      used.add(c);
    }
  }
  const rest = runColors(runIds.filter((id) => !out.has(id)));
  // the rest: their own resolution, moved off colours the remembered runs hold
  for (const id of runIds) {
    if (out.has(id)) continue;
    let slot = PALETTE.indexOf(rest.get(id)!);
    if (used.size < PALETTE.length) while (used.has(PALETTE[slot])) slot = (slot + 1) % PALETTE.length;
    out.set(id, PALETTE[slot]);
    used.add(PALETTE[slot]);
  }
  const next: Record<string, string> = { ...known };
  runIds.slice(0, 200).forEach((id) => (next[id] = out.get(id)!));
  const keys = Object.keys(next);
  if (keys.length > REMEMBER_AT_MOST) keys.slice(0, keys.length - REMEMBER_AT_MOST).forEach((k) => delete next[k]);
  try {
    localStorage.setItem(REMEMBERED, JSON.stringify(next));
  } catch {
    // storage full or off: colours still hold within the page
  }
  return out;
}
