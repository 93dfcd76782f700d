// The runs table's data: URL state, server order, progressive loading and nested grouping.

import { api, type Run } from "../api";
import { quoteKey, tagOf } from "../lib/format";

export const PAGE = 1000;
export const MAX_RUNS = 50000;

export type RunsView = {
  experiments: string[];
  filter: string;
  sort: { column: string; desc: boolean };
  columns: string[];
  lifecycle: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
  nest: boolean;
};

export function runsView(q: URLSearchParams): RunsView {
  const [column, dir] = (q.get("sort") ?? "attributes.start_time:desc").split(/:(?=(asc|desc)$)/);
  const view = q.get("view");
  return {
    experiments: (q.get("exp") ?? "0").split(",").filter(Boolean),
    filter: q.get("filter") ?? "",
    sort: { column, desc: dir !== "asc" },
    columns: (q.get("cols") ?? "").split(",").filter(Boolean),
    lifecycle: view === "deleted" ? "DELETED_ONLY" : view === "all" ? "ALL" : "ACTIVE_ONLY",
    nest: q.get("nest") !== "0",
  };
}

/** The order_by clause of the search for a column key such as metrics.loss or attributes.start_time. */
export function orderBy(sort: RunsView["sort"]): string[] {
  const dot = sort.column.indexOf(".");
  const kind = sort.column.slice(0, dot);
  const key = sort.column.slice(dot + 1);
  const expr = kind === "attributes" ? `attributes.${key}` : quoteKey(kind, key);
  return [`${expr} ${sort.desc ? "DESC" : "ASC"}`];
}

/**
 * Loads the view's runs page by page, handing each page over as it arrives so the table paints
 * after the first one. Stops when cancelled.
 */
export async function loadRuns(view: RunsView, onPage: (runs: Run[], done: boolean) => void, cancelled: () => boolean): Promise<void> {
  let token: string | undefined;
  const all: Run[] = [];
  do {
    const page = await api.searchRuns({
      experiment_ids: view.experiments,
      filter: view.filter || undefined,
      order_by: orderBy(view.sort),
      run_view_type: view.lifecycle,
      max_results: PAGE,
      page_token: token,
    });
    if (cancelled()) return;
    all.push(...(page.runs ?? []));
    token = page.next_page_token;
    onPage(all.slice(), !token || all.length >= MAX_RUNS);
  } while (token && all.length < MAX_RUNS);
}

export type Row = { run: Run; depth: number; children: number };

/**
 * Rows in the server's order with each run's children (tag mlflow.parentRunId) right under it,
 * indented; children whose parent is not loaded stay at the top level.
 */
export function nestRows(runs: Run[], nest: boolean, collapsed: Set<string>): Row[] {
  if (!nest) return runs.map((run) => ({ run, depth: 0, children: 0 }));
  const ids = new Set(runs.map((r) => r.info.run_id));
  const children = new Map<string, Run[]>();
  const top: Run[] = [];
  for (const r of runs) {
    const parent = tagOf(r.data.tags, "mlflow.parentRunId");
    if (parent && ids.has(parent) && parent !== r.info.run_id) children.set(parent, [...(children.get(parent) ?? []), r]);
    else top.push(r);
  }
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (run: Run, depth: number) => {
    if (seen.has(run.info.run_id)) return;
    seen.add(run.info.run_id);
    const kids = children.get(run.info.run_id) ?? [];
    out.push({ run, depth, children: kids.length });
    if (!collapsed.has(run.info.run_id)) kids.forEach((k) => visit(k, depth + 1));
  };
  top.forEach((r) => visit(r, 0));
  // Runs caught in a parent cycle have no top-level ancestor; show them rather than lose them.
  runs.forEach((r) => {
    if (!seen.has(r.info.run_id) && !isHiddenChild(r, collapsed, runs)) visit(r, 0);
  });
  return out;
}

function isHiddenChild(run: Run, collapsed: Set<string>, runs: Run[]): boolean {
  const byId = new Map(runs.map((r) => [r.info.run_id, r]));
  let parent = tagOf(run.data.tags, "mlflow.parentRunId");
  const guard = new Set<string>();
  while (parent && byId.has(parent) && !guard.has(parent)) {
    if (collapsed.has(parent)) return true;
    guard.add(parent);
    parent = tagOf(byId.get(parent)!.data.tags, "mlflow.parentRunId");
  }
  return false;
}
