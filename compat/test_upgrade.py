"""`cairn db upgrade`: a database written by the last 2.x MLflow server (an older schema revision) is upgraded by
Cairn to the same schema, with the same rows, as MLflow 3.17.2's own `mlflow db upgrade` makes of a copy; Cairn then
serves it with the answers the old server gave. SQLite, and PostgreSQL or MySQL with ``COMPAT_DATABASE``.

Runs with ``COMPAT_SERVER=cairn`` and the pinned 3.x client; needs the 2.x venv that run.sh prepares.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import mlflow
import pytest

import conftest
from support import FILE_STORE
import test_interop
from test_interop import _populate, _schema, _snapshot

OLD_MLFLOW = Path(os.environ.get("CAIRN_CACHE", Path.home() / ".cache" / "cairn")) / "venv-mlflow2" / "bin" / "mlflow"

pytestmark = [
    pytest.mark.skipif(FILE_STORE, reason="upgrades databases: checked on the database runs"),
    pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="drives Cairn's db upgrade"),
    pytest.mark.skipif(mlflow.__version__.startswith("2."), reason="compares with the pinned 3.x upgrade"),
    pytest.mark.skipif(not OLD_MLFLOW.exists(), reason="needs the 2.x venv of compat/run.sh"),
]


def _start_old(db, work: Path):
    port = conftest._free_port()
    log = open(work / "old.log", "ab")
    uri = db if isinstance(db, str) else f"sqlite:///{db}"
    proc = subprocess.Popen([str(OLD_MLFLOW), "server", "--backend-store-uri", uri,
                             "--default-artifact-root", str(work / "artifacts"), "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "1"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work,
                            start_new_session=True)
    uri = f"http://127.0.0.1:{port}"
    import time
    deadline = time.monotonic() + 120
    while not conftest._healthy(uri):
        if proc.poll() is not None or time.monotonic() > deadline:
            conftest._stop(proc)
            pytest.fail("mlflow 2.x did not start: " + (work / "old.log").read_text()[-3000:])
        time.sleep(0.2)
    return proc, uri


def _tables(db: Path) -> dict:
    """Every row of every table, columns by name, order-independent."""
    out = {}
    with sqlite3.connect(db) as c:
        for (table,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            cur = c.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            out[table] = sorted(repr(sorted(zip(names, row))) for row in cur.fetchall())
    return out


@pytest.mark.skipif(bool(os.environ.get("COMPAT_DATABASE_URI")), reason="the SQLite case")
def test_database_of_mlflow_2_is_upgraded_as_mlflow_3_upgrades_it(tmp_path, monkeypatch):
    _old_server_grammar(monkeypatch)
    old_db, work = tmp_path / "mlflow.db", tmp_path
    proc, uri = _start_old(old_db, work)
    try:
        exp = _populate(uri)
        before = _snapshot(uri, exp)
    finally:
        conftest._stop(proc)
    with sqlite3.connect(old_db) as c:
        old_revision = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]

    by_mlflow = tmp_path / "by-mlflow.db"
    shutil.copy(old_db, by_mlflow)
    done = subprocess.run([str(Path(sys.executable).parent / "mlflow"), "db", "upgrade", f"sqlite:///{by_mlflow}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    # Cairn refuses to serve the old revision, naming the way out.
    refused = subprocess.run([str(conftest.REPO_ROOT / "bin" / "cairn"), "server", "--backend-store-uri",
                              f"sqlite:///{old_db}", "--port", "0"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    assert f"revision '{old_revision}'" in refused.stderr and "cairn db upgrade" in refused.stderr

    upgraded = subprocess.run([str(conftest.REPO_ROOT / "bin" / "cairn"), "db", "upgrade", f"sqlite:///{old_db}"],
                              capture_output=True, text=True, timeout=300)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert f"Upgraded from revision {old_revision}" in upgraded.stdout

    assert _schema(f"sqlite:///{old_db}") == _schema(f"sqlite:///{by_mlflow}")
    ours, theirs = _tables(old_db), _tables(by_mlflow)
    assert ours.keys() == theirs.keys()
    for table in theirs:
        assert ours[table] == theirs[table], f"rows of {table} differ"

    again = subprocess.run([str(conftest.REPO_ROOT / "bin" / "cairn"), "db", "upgrade", f"sqlite:///{old_db}"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "already at revision" in again.stdout

    _serves_the_old_answers(f"sqlite:///{old_db}", exp, before, tmp_path)


def _old_server_grammar(monkeypatch):
    """What the 2.x server can answer: no IS NULL in its grammar, and its SQLAlchemy 2 query fails on some others."""
    monkeypatch.setattr(test_interop, "FILTERS", ["", "metrics.acc > 0.5", "params.optimizer = 'adam' and metrics.loss < 0.6",
                                                  "attributes.status = 'FINISHED'"])
    monkeypatch.setattr(test_interop, "ORDERS", [[], ["metrics.acc DESC"]])


def _serves_the_old_answers(db_uri: str, exp: str, before: dict, work: Path):
    """Cairn on the upgraded database answers what the old server answered, and takes new writes."""
    from test_interop import _start as start

    proc, uri = start("cairn", db_uri, str(work))
    try:
        after = _snapshot(uri, exp)
        client = mlflow.MlflowClient(uri)
        run = client.create_run(exp, run_name="after-upgrade")
        client.log_metric(run.info.run_id, "acc", 0.5, step=1)
        assert client.get_run(run.info.run_id).data.metrics == {"acc": 0.5}
    finally:
        conftest._stop(proc)
    for key in before:
        assert after[key] == before[key], f"upgraded data differs for {key}"


def _db_tables(uri: str) -> dict:
    """Every row of every table of a PostgreSQL or MySQL database, columns by name, order-independent."""
    out = {}
    schema = "DATABASE()" if uri.startswith("mysql") else "'public'"
    with conftest.connect(uri) as conn, conn.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = " + schema +
                    " AND table_type = 'BASE TABLE'")
        for (table,) in cur.fetchall():
            quote = "`" if uri.startswith("mysql") else '"'
            cur.execute(f"SELECT * FROM {quote}{table}{quote}")
            names = [d[0] for d in cur.description]
            out[table] = sorted(repr(sorted(zip(names, row))) for row in cur.fetchall())
    return out


def _cairn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(conftest.REPO_ROOT / "bin" / "cairn"), *args], capture_output=True, text=True,
                          timeout=300)


@pytest.mark.skipif(not os.environ.get("COMPAT_DATABASE_URI"), reason="the PostgreSQL and MySQL case")
def test_server_database_of_mlflow_2_is_upgraded_as_mlflow_3_upgrades_it(tmp_path, monkeypatch):
    """PostgreSQL: compared with MLflow 3.17.2's own upgrade of a copy (CREATE DATABASE ... TEMPLATE), schema and
    rows. MySQL has no database copy, so there the schema is compared with a database MLflow 3.17.2's server
    creates, and the rows through the answers the old server gave."""
    _old_server_grammar(monkeypatch)
    from test_interop import _start as start

    old_uri = conftest.database_uri(tmp_path)
    postgres = old_uri.startswith("postgresql")
    proc, uri = _start_old(old_uri, tmp_path)
    try:
        exp = _populate(uri)
        before = _snapshot(uri, exp)
    finally:
        conftest._stop(proc)
    with conftest.connect(old_uri) as conn, conn.cursor() as cur:
        cur.execute("SELECT version_num FROM alembic_version")
        old_revision = cur.fetchone()[0]
    if postgres:
        old_name = old_uri.rsplit("/", 1)[1]
        with conftest.connect(os.environ["COMPAT_DATABASE_URI"]) as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE {old_name}_by_mlflow TEMPLATE {old_name}")
        reference = old_uri + "_by_mlflow"
        done = subprocess.run([str(Path(sys.executable).parent / "mlflow"), "db", "upgrade", reference],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
    else:
        reference = conftest.database_uri(tmp_path)
        proc, _ = start("mlflow", reference, str(tmp_path))
        conftest._stop(proc)
        rows_before = _db_tables(old_uri)

    refused = _cairn("server", "--backend-store-uri", old_uri, "--port", "0")
    assert refused.returncode == 1
    assert f"revision '{old_revision}'" in refused.stderr and "cairn db upgrade" in refused.stderr

    upgraded = _cairn("db", "upgrade", old_uri)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert f"Upgraded from revision {old_revision}" in upgraded.stdout

    assert _schema(old_uri) == _schema(reference)
    ours = _db_tables(old_uri)
    if postgres:
        theirs = _db_tables(reference)
        assert ours.keys() == theirs.keys()
        for table in theirs:
            assert ours[table] == theirs[table], f"rows of {table} differ"
    else:
        for table, rows in rows_before.items():
            if table != "alembic_version":
                assert len(ours[table]) == len(rows), f"rows of {table} lost or added"
    again = _cairn("db", "upgrade", old_uri)
    assert again.returncode == 0 and "already at revision" in again.stdout

    _serves_the_old_answers(old_uri, exp, before, tmp_path)
