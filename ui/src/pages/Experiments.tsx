import { useState } from "react";
import { api, type Experiment } from "../api";
import { useAccess, useCan } from "../components/access";
import { Empty, ErrorBanner, Loading, TagEditor, useLoad } from "../components/common";
import { formatTime, tagOf } from "../lib/format";
import { formatHash, navigate, updateQuery, type Route } from "../lib/route";

async function loadExperiments(search: string, deleted: boolean) {
  const filter = search ? `name LIKE '%${search.replace(/'/g, "\\'")}%'` : undefined;
  const experiments: Experiment[] = [];
  let token: string | undefined;
  do {
    const page = await api.searchExperiments({
      filter,
      view_type: deleted ? "ALL" : "ACTIVE_ONLY",
      max_results: 1000,
      page_token: token,
      order_by: ["last_update_time DESC"],
    });
    experiments.push(...(page.experiments ?? []));
    token = page.next_page_token;
  } while (token && experiments.length < 10000);
  const counts = new Map<string, { active: number; deleted: number }>();
  for (let i = 0; i < experiments.length; i += 100) {
    const res = await api.runCounts(experiments.slice(i, i + 100).map((e) => e.experiment_id));
    res.counts?.forEach((c) => counts.set(c.experiment_id, c));
  }
  return { experiments, counts };
}

export function ExperimentsPage({ route }: { route: Route }) {
  const search = route.query.get("q") ?? "";
  const deleted = route.query.get("deleted") === "1";
  const { data, error, loading, reload } = useLoad(() => loadExperiments(search, deleted), [search, deleted]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [name, setName] = useState("");
  const [actionError, setActionError] = useState<unknown>();
  const [open, setOpen] = useState<string>();
  const can = useCan();
  const { refresh } = useAccess();
  const act = (p: Promise<unknown>) => p.then(() => (setActionError(undefined), reload()), setActionError);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  return (
    <div className="page">
      <h1>Experiments</h1>
      <div className="row controls">
        <input
          className="search"
          aria-label="search experiments"
          placeholder="Search experiments by name"
          defaultValue={search}
          onChange={(e) => updateQuery({ q: e.target.value })}
        />
        <label className="check">
          <input type="checkbox" checked={deleted} onChange={(e) => updateQuery({ deleted: e.target.checked ? "1" : undefined })} /> show deleted
        </label>
        <button disabled={!selected.size} onClick={() => navigate(formatHash(["runs"], { exp: Array.from(selected).join(",") }))}>
          Compare runs of {selected.size || ""} selected
        </button>
        {can.create("experiment") ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              // The creator is granted MANAGE on the new experiment: its actions show after a refresh.
              if (name.trim()) act(api.createExperiment(name.trim()).then(() => (setName(""), refresh())));
            }}
          >
            <input aria-label="new experiment name" placeholder="New experiment name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit">Create</button>
          </form>
        ) : null}
      </div>
      <ErrorBanner error={error ?? actionError} />
      {loading && !data ? <Loading what="experiments" /> : null}
      {data && !data.experiments.length ? <Empty>No experiments{search ? ` match “${search}”` : ""}.</Empty> : null}
      {data?.experiments.length ? (
        <table className="grid experiments">
          <thead>
            <tr>
              <th />
              <th>Name</th>
              <th>ID</th>
              <th>Runs</th>
              <th>Last update</th>
              <th>Tags</th>
              <th>Description</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.experiments.map((e) => {
              const c = data.counts.get(e.experiment_id);
              const userTags = (e.tags ?? []).filter((t) => !t.key.startsWith("mlflow."));
              const may = can.experiment(e.experiment_id);
              return [
                <tr key={e.experiment_id} className={e.lifecycle_stage === "deleted" ? "deleted" : ""}>
                  <td>
                    <input type="checkbox" aria-label={"select " + e.name} checked={selected.has(e.experiment_id)} onChange={() => toggle(e.experiment_id)} />
                  </td>
                  <td>
                    <a href={formatHash(["runs"], { exp: e.experiment_id })}>{e.name}</a>
                    {e.lifecycle_stage === "deleted" ? <span className="badge">deleted</span> : null}
                  </td>
                  <td>{e.experiment_id}</td>
                  <td title={c ? `${c.deleted} deleted` : undefined}>{c ? c.active : ""}</td>
                  <td>{formatTime(e.last_update_time)}</td>
                  <td>{userTags.map((t) => `${t.key}=${t.value}`).join(", ")}</td>
                  <td className="description" title={tagOf(e.tags, "mlflow.note.content")}>{firstLine(tagOf(e.tags, "mlflow.note.content"))}</td>
                  <td className="actions">
                    {may.update ? (
                      <button
                        className="link"
                        onClick={() => {
                          const n = window.prompt("New name", e.name);
                          if (n && n !== e.name) act(api.renameExperiment(e.experiment_id, n));
                        }}
                      >
                        rename
                      </button>
                    ) : null}
                    {!may.delete ? null : e.lifecycle_stage === "deleted" ? (
                      <button className="link" onClick={() => act(api.restoreExperiment(e.experiment_id))}>restore</button>
                    ) : (
                      <button className="link" onClick={() => act(api.deleteExperiment(e.experiment_id))}>delete</button>
                    )}
                    <button className="link" onClick={() => setOpen(open === e.experiment_id ? undefined : e.experiment_id)}>tags</button>
                  </td>
                </tr>,
                open === e.experiment_id ? (
                  <tr key={e.experiment_id + "-tags"}>
                    <td colSpan={8}>
                      <TagEditor
                        readOnly={!may.update}
                        tags={e.tags ?? []}
                        onSet={(k, v) => api.setExperimentTag(e.experiment_id, k, v).then(reload)}
                        onDelete={(k) => api.deleteExperimentTag(e.experiment_id, k).then(reload)}
                      />
                    </td>
                  </tr>
                ) : null,
              ];
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** A description's first line without markdown marks, for a table cell. */
function firstLine(text?: string): string {
  const line = (text ?? "").split("\n").find((l) => l.trim()) ?? "";
  return line.replace(/^[#>*\-\s]+/, "").replace(/[*_`]/g, "").trim();
}
