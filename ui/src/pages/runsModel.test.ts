import { describe, expect, it } from "vitest";
import type { Run } from "../api";
import { nestRows, orderBy, runsView } from "./runsModel";

const run = (id: string, parent?: string): Run => ({
  info: { run_id: id, experiment_id: "1", status: "FINISHED", lifecycle_stage: "active" },
  data: { tags: parent ? [{ key: "mlflow.parentRunId", value: parent }] : [] },
});

describe("runs view", () => {
  it("reads the URL with defaults", () => {
    const v = runsView(new URLSearchParams("exp=1,2&sort=metrics.val loss:asc&cols=params.lr"));
    expect(v.experiments).toEqual(["1", "2"]);
    expect(v.sort).toEqual({ column: "metrics.val loss", desc: false });
    expect(orderBy(v.sort)).toEqual(["metrics.`val loss` ASC"]);
    const d = runsView(new URLSearchParams(""));
    expect(d.experiments).toEqual(["0"]);
    expect(orderBy(d.sort)).toEqual(["attributes.start_time DESC"]);
    expect(d.lifecycle).toBe("ACTIVE_ONLY");
  });
});

describe("nestRows", () => {
  const runs = [run("c1", "p"), run("p"), run("x"), run("c2", "p"), run("g", "c1"), run("orphan", "gone")];
  it("puts children under their parent, indented, in the server's order", () => {
    const rows = nestRows(runs, true, new Set());
    expect(rows.map((r) => `${r.run.info.run_id}:${r.depth}`)).toEqual(["p:0", "c1:1", "g:2", "c2:1", "x:0", "orphan:0"]);
    expect(rows[0].children).toBe(2);
  });
  it("hides the children of a collapsed parent and keeps the flat order when not nesting", () => {
    expect(nestRows(runs, true, new Set(["p"])).map((r) => r.run.info.run_id)).toEqual(["p", "x", "orphan"]);
    expect(nestRows(runs, false, new Set()).map((r) => r.run.info.run_id)).toEqual(runs.map((r) => r.info.run_id));
  });
  it("shows runs caught in a parent cycle instead of losing them", () => {
    const rows = nestRows([run("a", "b"), run("b", "a")], true, new Set());
    expect(rows.map((r) => r.run.info.run_id).sort()).toEqual(["a", "b"]);
  });
});
