"""No lock-in: a database written by MLflow's own server is served by Cairn with the same answers, and one written
by Cairn is served by MLflow's server. Both servers are started here, one after the other, on the same database
(SQLite, or PostgreSQL under ``COMPAT_DATABASE=postgresql``).

Runs only with ``COMPAT_SERVER=cairn`` (the Cairn-specific part of the suite); MLflow's server comes from the same
venv as the client.
"""

from __future__ import annotations

import math
import os
import sqlite3
import subprocess
import time

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag, ViewType

import conftest
from support import FILE_STORE

pytestmark = [
    pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn",
                       reason="interoperability with MLflow's server is checked for Cairn only"),
    # Cairn's schema is that of the pinned mlflow (3.x); a 2.x server has an older schema revision.
    pytest.mark.skipif(mlflow.__version__.startswith("2."),
                       reason="the database is shared with the pinned mlflow 3.x server only"),
]

FILTERS = [
    "",
    "metrics.acc > 0.5",
    "params.optimizer = 'adam' and metrics.loss < 0.6",
    "tags.team LIKE 'vis%'",
    "tags.team ILIKE 'VIS%'",
    "params.lr IS NULL",
    "attributes.status = 'FINISHED'",
    "datasets.name = 'train-set'",
    "metrics.`val loss` >= 0.2",
]
ORDERS = [[], ["metrics.acc DESC"], ["params.lr ASC", "attributes.start_time DESC"], ["tags.team DESC"]]


def _start(kind: str, db_uri: str, work: str):
    """Starts ``kind``'s server on ``db_uri`` with artifacts under ``work``."""
    port = conftest._free_port()
    build = conftest._mlflow_server_command if kind == "mlflow" else conftest._cairn_server_command
    uri = f"http://127.0.0.1:{port}"
    log = open(os.path.join(work, f"{kind}.log"), "ab")
    proc = subprocess.Popen(build(db_uri, os.path.join(work, "artifacts"), port), stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work, start_new_session=True)
    deadline = time.monotonic() + conftest.START_TIMEOUT_S[kind]
    while not conftest._healthy(uri):
        if proc.poll() is not None or time.monotonic() > deadline:
            conftest._stop(proc)
            log.flush()
            pytest.fail(f"{kind} did not start: " + open(log.name, errors="replace").read()[-3000:])
        time.sleep(0.2)
    return proc, uri


def _populate(uri: str) -> str:
    client = MlflowClient(uri)
    exp = client.create_experiment("interop", tags={"owner": "ann"})
    for i in range(30):
        run = client.create_run(exp, run_name=f"run-{i:02d}", tags={"team": "vision" if i % 3 else "nlp"},
                                start_time=1_700_000_000_000 + i)
        rid = run.info.run_id
        params = [Param("optimizer", "adam" if i % 2 else "sgd"), Param("depth", str(i % 5))]
        if i % 4:
            params.append(Param("lr", str(0.001 * i)))
        metrics = [Metric("acc", (i * 37 % 100) / 100, 1_700_000_000_000 + s, s) for s in range(5)]
        metrics += [Metric("loss", 1.0 / (i + 1 + s), 1_700_000_000_000 + s, s) for s in range(5)]
        metrics.append(Metric("val loss", (i % 7) / 10, 1_700_000_000_000, 0))
        if i == 5:
            metrics.append(Metric("acc", math.nan, 1_700_000_009_999, 99))
        client.log_batch(rid, metrics=metrics, params=params, tags=[RunTag("fold", str(i % 3))])
        if i % 5 == 0:
            client.log_inputs(rid, [DatasetInput(
                Dataset("train-set", f"d{i % 2}", "local", '{"uri": "/data"}'),
                [InputTag("mlflow.data.context", "training")])])
        client.set_terminated(rid, "FINISHED" if i % 6 else "FAILED", end_time=1_700_000_100_000 + i)
        if i == 29:
            client.delete_run(rid)
    return exp


def _snapshot(uri: str, exp: str) -> dict:
    client = MlflowClient(uri)
    out = {"experiment": _experiment(client.get_experiment(exp))}
    for view in (ViewType.ACTIVE_ONLY, ViewType.ALL):
        for f in FILTERS:
            for order in ORDERS:
                runs = client.search_runs([exp], f, view, max_results=1000, order_by=order)
                out[(view, f, tuple(order))] = [_run(r) for r in runs]
    first = client.search_runs([exp], "", ViewType.ALL, max_results=1000)
    out["history"] = {r.info.run_id: [(m.step, m.timestamp, _num(m.value))
                                      for m in client.get_metric_history(r.info.run_id, "acc")] for r in first}
    out["experiments"] = [_experiment(e) for e in client.search_experiments(filter_string="name LIKE 'inter%'")]
    return out


def _num(v: float):
    return "NaN" if math.isnan(v) else v


def _experiment(e) -> tuple:
    return (e.experiment_id, e.name, e.lifecycle_stage, e.artifact_location, sorted(e.tags.items()))


def _run(r) -> tuple:
    i, d = r.info, r.data
    return (i.run_id, i.run_name, i.status, i.start_time, i.end_time, i.lifecycle_stage, i.artifact_uri,
            sorted((k, _num(v)) for k, v in d.metrics.items()), sorted(d.params.items()),
            sorted(d.tags.items()),
            sorted((x.dataset.name, x.dataset.digest, tuple((t.key, t.value) for t in x.tags))
                   for x in r.inputs.dataset_inputs))


def _schema(db_uri: str) -> list:
    """Every table, index and trigger with its definition. A table's definition lines are compared as a set:
    MLflow's own migrations emit its CHECK constraints in a varying order from one process to the next."""
    if db_uri.startswith("postgresql"):
        return _postgres_schema(db_uri)
    if db_uri.startswith("mysql"):
        return _mysql_schema(db_uri)
    with sqlite3.connect(db_uri[len("sqlite:///"):]) as c:
        rows = c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        out = []
        for kind, name, table, sql in rows.fetchall():
            if kind == "table":
                body = sql[sql.index("(") + 1:sql.rindex(")")]
                sql = sorted(line.strip().rstrip(",").strip() for line in body.split("\n") if line.strip())
            out.append((kind, name, table, sql))
        return sorted(out, key=repr)


def _postgres_schema(db_uri: str) -> list:
    """PostgreSQL's catalog of the public schema: columns (type, nullability, default), constraints, indexes,
    sequences, functions and triggers, each with its definition."""
    queries = [
        "SELECT 'column', table_name, column_name, data_type, character_maximum_length, is_nullable, column_default"
        " FROM information_schema.columns WHERE table_schema = 'public'",
        "SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        # PostgreSQL 18 also lists NOT NULL as named constraints, named after the column when it was first made:
        # MLflow's renamed columns keep their old names there. Nullability is compared through the columns.
        " WHERE connamespace = 'public'::regnamespace AND contype <> 'n'",
        "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        "SELECT 'sequence', sequence_name, data_type, start_value, increment FROM information_schema.sequences"
        " WHERE sequence_schema = 'public'",
        "SELECT 'function', proname, pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
        "SELECT 'trigger', tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger"
        " WHERE NOT tgisinternal",
    ]
    return _catalog(db_uri, queries)


def _mysql_schema(db_uri: str) -> list:
    """MySQL's information_schema for the current database: tables (engine, collation), columns, indexes,
    constraints with their checks and foreign keys, triggers."""
    here = "table_schema = DATABASE()"
    queries = [
        f"SELECT 'table', table_name, engine, table_collation FROM information_schema.tables WHERE {here}",
        "SELECT 'column', table_name, column_name, column_type, is_nullable, column_default, extra,"
        f" collation_name FROM information_schema.columns WHERE {here}",
        "SELECT 'index', table_name, index_name, non_unique, seq_in_index, column_name"
        f" FROM information_schema.statistics WHERE {here}",
        "SELECT 'constraint', table_name, constraint_name, constraint_type"
        f" FROM information_schema.table_constraints WHERE constraint_schema = DATABASE()",
        "SELECT 'check', table_name, constraint_name, check_clause FROM information_schema.check_constraints"
        " WHERE constraint_schema = DATABASE()",
        "SELECT 'fk', table_name, constraint_name, column_name, referenced_table_name, referenced_column_name"
        " FROM information_schema.key_column_usage WHERE constraint_schema = DATABASE()"
        " AND referenced_table_name IS NOT NULL",
        "SELECT 'trigger', trigger_name, event_manipulation, event_object_table, action_timing, action_statement"
        " FROM information_schema.triggers WHERE trigger_schema = DATABASE()",
    ]
    return _catalog(db_uri, queries)


def _catalog(db_uri: str, queries: list[str]) -> list:
    out = []
    with conftest.connect(db_uri) as c, c.cursor() as cur:
        for q in queries:
            cur.execute(q)
            out += [tuple(row) for row in cur.fetchall()]
    return sorted(out, key=repr)


def _rows(db_uri: str, sql: str) -> list:
    if not db_uri.startswith("sqlite"):
        with conftest.connect(db_uri) as c, c.cursor() as cur:
            cur.execute(sql)
            return [tuple(r) for r in cur.fetchall()]
    with sqlite3.connect(db_uri[len("sqlite:///"):]) as c:
        return c.execute(sql).fetchall()


def _roundtrip(tmp_path, writer: str, reader: str):
    db, work = conftest.database_uri(tmp_path), str(tmp_path)
    proc, uri = _start(writer, db, work)
    try:
        exp = _populate(uri)
        before = _snapshot(uri, exp)
    finally:
        conftest._stop(proc)
    proc, uri = _start(reader, db, work)
    try:
        after = _snapshot(uri, exp)
        # The reader can keep writing into the other server's database.
        client = MlflowClient(uri)
        run = client.create_run(exp, run_name="after")
        client.log_metric(run.info.run_id, "acc", 0.5, step=1)
        assert client.get_run(run.info.run_id).data.metrics == {"acc": 0.5}
    finally:
        conftest._stop(proc)
    assert sum(len(v) for k, v in before.items() if isinstance(k, tuple)) > 0
    for key in before:
        assert after[key] == before[key], f"{writer} → {reader} differs for {key}"


def test_database_written_by_mlflow_is_served_by_cairn_with_identical_results(tmp_path):
    _roundtrip(tmp_path, "mlflow", "cairn")


def test_database_written_by_cairn_is_served_by_mlflow_with_identical_results(tmp_path):
    _roundtrip(tmp_path, "cairn", "mlflow")


@pytest.mark.skipif(FILE_STORE, reason="a file store has no schema")
def test_fresh_schemas_are_identical(tmp_path):
    schemas = {}
    for kind in ("mlflow", "cairn"):
        d = tmp_path / kind
        d.mkdir()
        db = conftest.database_uri(d)
        proc, _ = _start(kind, db, str(d))
        conftest._stop(proc)
        schemas[kind] = _schema(db)
        schemas[kind + "-alembic"] = _rows(db, "SELECT version_num FROM alembic_version")
        schemas[kind + "-default"] = _rows(db, "SELECT experiment_id, name, lifecycle_stage, workspace FROM experiments")
        schemas[kind + "-workspaces"] = _rows(db, "SELECT name, description, default_artifact_root FROM workspaces")
    assert schemas["cairn"] == schemas["mlflow"]
    assert schemas["cairn-alembic"] == schemas["mlflow-alembic"]
    assert schemas["cairn-default"] == schemas["mlflow-default"]
    assert schemas["cairn-workspaces"] == schemas["mlflow-workspaces"]
