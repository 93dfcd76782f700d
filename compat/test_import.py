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
from test_interop import _populate, _rows, _snapshot, _start

pytestmark = [
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
    nothing = _import(f"sqlite:///{tmp_path / 'empty.db'}", f"sqlite:///{tmp_path / 'out.db'}")
    assert nothing.returncode == 1
    assert "cairn: error: the source database holds no MLflow schema" in nothing.stderr
    files = _import("file:./mlruns", f"sqlite:///{tmp_path / 'out.db'}")
    assert files.returncode == 1
    assert "cairn: error: file: stores" in files.stderr
