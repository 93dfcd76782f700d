// Completion for the run filter box: the word being typed is matched against the keys of the
// loaded runs, written as the search grammar wants them.

import type { Run } from "../api";
import { quoteKey } from "./format";

export const ATTRIBUTES = [
  "attributes.status",
  "attributes.run_name",
  "attributes.start_time",
  "attributes.end_time",
  "attributes.user_id",
  "attributes.run_id",
  "attributes.artifact_uri",
];

export function keysOf(runs: Run[]): { metrics: string[]; params: string[]; tags: string[] } {
  const m = new Set<string>();
  const p = new Set<string>();
  const t = new Set<string>();
  for (const r of runs) {
    r.data.metrics?.forEach((x) => m.add(x.key));
    r.data.params?.forEach((x) => p.add(x.key));
    r.data.tags?.forEach((x) => t.add(x.key));
  }
  const sorted = (s: Set<string>) => Array.from(s).sort();
  return { metrics: sorted(m), params: sorted(p), tags: sorted(t) };
}

/** The word before the cursor, where it starts, and the suggestions that complete it. */
export function complete(text: string, cursor: number, runs: Run[], limit = 12): { start: number; options: string[] } {
  const before = text.slice(0, cursor);
  const match = /[A-Za-z_.`][\w.`-]*$/.exec(before);
  const word = match ? match[0] : "";
  const start = cursor - word.length;
  if (!word) return { start, options: [] };
  const keys = keysOf(runs);
  const all = [
    ...keys.metrics.map((k) => quoteKey("metrics", k)),
    ...keys.params.map((k) => quoteKey("params", k)),
    ...keys.tags.map((k) => quoteKey("tags", k)),
    ...ATTRIBUTES,
  ];
  const w = word.toLowerCase().replace(/`/g, "");
  const options = all.filter((k) => {
    const plain = k.toLowerCase().replace(/`/g, "");
    return plain.startsWith(w) || plain.split(".").slice(1).join(".").startsWith(w);
  });
  return { start, options: options.filter((o) => o !== word).slice(0, limit) };
}
