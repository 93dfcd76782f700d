"""`cairn import`: a database written by MLflow's own server (SQLite) is copied into the database under test (another
SQLite file, or PostgreSQL/MariaDB under ``COMPAT_DATABASE``) and served by Cairn with the same answers. Running the
import again resumes it: rows already copied are kept, missing ones are filled in, and the counts are checked.

Runs with ``COMPAT_SERVER=cairn`` and the pinned 3.x client (whose server writes the source database).
"""

from __future__ import annotations

import os
import subprocess

import mlflow
import pytest

import conftest
from support import FILE_STORE
from test_interop import _populate, _rows, _snapshot, _start

pytestmark = [
    pytest.mark.skipif(FILE_STORE, reason="imports into databases: checked on the database runs"),
    pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="drives Cairn's import command"),
    pytest.mark.skipif(mlflow.__version__.startswith("2."),
                       reason="the source database is written by the pinned 3.x server"),
]


def _import(src: str, dst: str) -> subprocess.CompletedProcess:
    cmd = [str(conftest.REPO_ROOT / "bin" / "cairn"), "import", "--from", src, "--to", dst]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def _sql(db_uri: str, sql: str) -> None:
    if db_uri.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(db_uri[len("sqlite:///"):]) as c:
            c.execute(sql)
    else:
        with conftest.connect(db_uri) as c, c.cursor() as cur:
            cur.execute(sql)


def test_database_written_by_mlflow_is_imported_and_served_with_identical_results(tmp_path):
    src_dir, dst_dir = tmp_path / "mlflow", tmp_path / "cairn"
    src_dir.mkdir()
    dst_dir.mkdir()
    source = f"sqlite:///{src_dir / 'mlflow.db'}"
    proc, uri = _start("mlflow", source, str(src_dir))
    try:
        exp = _populate(uri)
        before = _snapshot(uri, exp)
    finally:
        conftest._stop(proc)

    target = conftest.database_uri(dst_dir) if os.environ.get("COMPAT_DATABASE_URI") else \
        f"sqlite:///{dst_dir / 'imported.db'}"
    first = _import(source, target)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "every table's row count matches" in first.stdout
    assert "metrics" in first.stderr  # the progress lines name the tables

    # An interrupted import is run again: missing rows are filled in, nothing is doubled.
    metrics = _rows(target, "SELECT COUNT(*) FROM metrics")[0][0]
    _sql(target, "DELETE FROM metrics WHERE step >= 3")
    assert _rows(target, "SELECT COUNT(*) FROM metrics")[0][0] < metrics
    again = _import(source, target)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _rows(target, "SELECT COUNT(*) FROM metrics")[0][0] == metrics

    proc, uri = _start("cairn", target, str(dst_dir))
    try:
        after = _snapshot(uri, exp)
        # New experiments continue the ids after the imported ones.
        new_id = mlflow.MlflowClient(uri).create_experiment("after-import")
        assert int(new_id) > int(exp)
    finally:
        conftest._stop(proc)
    for key in before:
        assert after[key] == before[key], f"imported data differs for {key}"


def test_import_refuses_what_it_cannot_copy(tmp_path):
    absent = _import(f"sqlite:///{tmp_path / 'absent.db'}", f"sqlite:///{tmp_path / 'out.db'}")
    assert absent.returncode == 1
    assert f"cairn: error: no SQLite database at {tmp_path / 'absent.db'}" in absent.stderr
    assert not (tmp_path / "absent.db").exists()
    (tmp_path / "empty.db").write_bytes(b"")
    nothing = _import(f"sqlite:///{tmp_path / 'empty.db'}", f"sqlite:///{tmp_path / 'out.db'}")
    assert nothing.returncode == 1
    assert "cairn: error: the source database holds no MLflow schema" in nothing.stderr
    missing = _import(f"file:{tmp_path / 'no-mlruns'}", f"sqlite:///{tmp_path / 'out.db'}")
    assert missing.returncode == 1
    assert f"cairn: error: no file store at {tmp_path / 'no-mlruns'}" in missing.stderr
    to_files = _import(f"sqlite:///{tmp_path / 'out.db'}", f"file:{tmp_path / 'mlruns'}")
    assert to_files.returncode == 1
    assert "cairn: error: --to must be a database" in to_files.stderr


def test_file_store_written_by_mlflow_is_imported_and_served_with_identical_results(tmp_path, monkeypatch):
    """An ``mlruns`` folder written by the mlflow client's file store (what ``mlflow ui`` serves) is imported and
    served by Cairn with the same answers. On PostgreSQL and MySQL the file store's 64-bit experiment ids do not fit
    MLflow's 32-bit column: the experiment gets a new id and keeps the old one in a tag."""
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    store = f"file:{tmp_path / 'mlruns'}"
    exp = _populate(store)
    before = _snapshot(store, exp)

    dst_dir = tmp_path / "cairn"
    dst_dir.mkdir()
    target = conftest.database_uri(dst_dir) if os.environ.get("COMPAT_DATABASE_URI") else \
        f"sqlite:///{dst_dir / 'imported.db'}"
    for attempt in range(2):  # the second run resumes a finished import: nothing doubles
        done = _import(store, target)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "runs 30" in done.stdout, done.stdout
    assert _rows(target, "SELECT COUNT(*) FROM runs")[0][0] == 30

    proc, uri = _start("cairn", target, str(dst_dir))
    try:
        client = mlflow.MlflowClient(uri)
        imported = client.get_experiment_by_name("interop")
        tags = dict(imported.tags)
        remapped = tags.pop("cairn.import.fileStoreExperimentId", None)
        assert remapped in (None, exp)
        assert (remapped is None) == (imported.experiment_id == exp)
        after = _snapshot(uri, imported.experiment_id)
    finally:
        conftest._stop(proc)

    def same_ids(snapshot: dict) -> dict:
        out = dict(snapshot)
        eid, *rest = out.pop("experiment")
        out["experiment"] = (exp, *rest[:-1], sorted(t for t in rest[-1] if not t[0].startswith("cairn.import.")))
        out["experiments"] = [(exp, *e[1:-1], sorted(t for t in e[-1] if not t[0].startswith("cairn.import.")))
                              for e in out["experiments"]]
        return out

    after, before = same_ids(after), same_ids(before)
    for key in before:
        assert after[key] == before[key], f"imported file store differs for {key}"
