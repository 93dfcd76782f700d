import { useEffect, useState } from "react";

// The run under the pointer, shared by the runs table and every chart on the page: hovering a
// row brings its line forward in all charts; hovering a line marks its row. Kept outside React's
// state tree so a mouse move redraws only what shows the highlight.

type Listener = (runId: string | undefined) => void;
const listeners = new Set<Listener>();
let current: string | undefined;

export function highlightRun(runId: string | undefined): void {
  if (runId === current) return;
  current = runId;
  listeners.forEach((l) => l(runId));
}

export function highlightedRun(): string | undefined {
  return current;
}

export function onHighlight(l: Listener): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** The highlighted run, as React state (for the table). */
export function useHighlightedRun(): string | undefined {
  const [run, setRun] = useState(current);
  useEffect(() => onHighlight(setRun), []);
  return run;
}
