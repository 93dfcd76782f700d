"""Compatibility suite: drives a tracking server over HTTP with the real, unmodified ``mlflow`` client.

The server under test is chosen by ``COMPAT_SERVER``:

* ``mlflow`` (default): ``mlflow server`` from ``COMPAT_MLFLOW_BIN`` or else the running interpreter's venv;
* ``cairn``: ``<repo>/bin/cairn server`` (may build the jar on first start, hence the long start-up budget);
* ``COMPAT_TRACKING_URI=http://host:port`` skips starting anything and uses an already running server.

With ``COMPAT_AUTH=1`` every server runs MLflow's basic-auth app (``--app-name basic-auth``, its own auth database,
``default_permission = READ``) and the whole suite runs as one ordinary user created on each server (not an
administrator): ``MLFLOW_TRACKING_USERNAME`` / ``MLFLOW_TRACKING_PASSWORD`` name it. Tests of what only an
administrator may do (webhooks) sign in as the administrator through ``as_admin``.

One server is started per pytest session with a fresh database (SQLite, or PostgreSQL/MySQL when
``COMPAT_DATABASE_URI`` names a server: see ``database_uri``) and artifact directory. Tests isolate
themselves through unique (uuid) experiment names instead of a server per test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import mlflow
import pytest
from mlflow import MlflowClient

from support import unique

REPO_ROOT = Path(__file__).resolve().parent.parent

START_TIMEOUT_S = {"mlflow": 90, "cairn": 300}

_server_log: Path | None = None
_failed = False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_databases = 0


def database_uri(work: Path) -> str:
    """A fresh, empty backend store for one server: a SQLite file in ``work``, an MLflow file store folder in
    ``work`` with ``COMPAT_DATABASE=file``, or with ``COMPAT_DATABASE_URI`` (set
    by run.sh for ``COMPAT_DATABASE=postgresql|mysql``) a new database on that server. The URI names the Python
    driver (psycopg2, pymysql) so that MLflow's own server can use it too (SQLAlchemy 2.1 defaults to psycopg 3)."""
    if os.environ.get("COMPAT_DATABASE") == "file":
        return f"file:{work / 'mlruns'}"
    admin = os.environ.get("COMPAT_DATABASE_URI")
    if not admin:
        return f"sqlite:///{work / 'mlflow.db'}"
    global _databases
    _databases += 1
    name = f"compat_{os.getpid()}_{_databases}"
    with connect(admin) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    scheme = "mysql+pymysql" if admin.startswith("mysql") else "postgresql+psycopg2"
    return scheme + "://" + admin.split("://", 1)[1].rsplit("/", 1)[0] + "/" + name


class connect:
    """A DB-API connection (autocommit) to a PostgreSQL or MySQL URI, with or without a +driver suffix; closes on
    exit from a ``with`` block."""

    def __init__(self, uri: str):
        from urllib.parse import urlsplit

        parts = urlsplit(uri)
        kw = {"host": parts.hostname, "port": parts.port, "user": parts.username or "",
              "password": parts.password or "", "database": parts.path.lstrip("/")}
        if parts.scheme.startswith("mysql"):
            import pymysql

            self.conn = pymysql.connect(**kw, autocommit=True)
        else:
            import psycopg2

            kw["dbname"] = kw.pop("database")
            self.conn = psycopg2.connect(**kw)
            self.conn.autocommit = True

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()


def _artifact_args(artifacts: Path, artifact_args: list[str] | None) -> list[str]:
    return ["--default-artifact-root", str(artifacts)] if artifact_args is None else artifact_args


def _mlflow_server_command(db_uri: str, artifacts: Path, port: int,
                           artifact_args: list[str] | None = None) -> list[str]:
    """MLflow's own server: ``COMPAT_MLFLOW_BIN`` if set (run.sh points it at the pinned 3.x venv so that both
    client versions are checked against the server Cairn replaces), else ``mlflow`` next to this interpreter.
    ``artifact_args`` replaces the default ``--default-artifact-root <artifacts>`` (direct local writes)."""
    exe = Path(os.environ.get("COMPAT_MLFLOW_BIN") or Path(sys.executable).parent / "mlflow")
    cmd = [str(exe), "server", "--backend-store-uri", db_uri, *_artifact_args(artifacts, artifact_args),
           "--host", "127.0.0.1", "--port", str(port)]
    # Every mlflow since 1.x has --workers (gunicorn in 2.x, uvicorn in 3.x); one worker keeps writes serial.
    cmd += ["--workers", "1"]
    return cmd


AUTH = os.environ.get("COMPAT_AUTH") == "1"
AUTH_ADMIN = ("admin", "compat-admin-password")
AUTH_USER = ("compat-user", "compat-user-password")


def _auth_args(work: Path, env: dict[str, str]) -> list[str]:
    """With ``COMPAT_AUTH=1``: the basic-auth app's settings in ``work`` (put into ``env``) and its flag."""
    if not AUTH:
        return []
    ini = work / "basic_auth.ini"
    # The credential cache on (MLflow's auth_cache_ttl_seconds): a password hash per request is slow by design.
    ini.write_text("[mlflow]\ndefault_permission = READ\nauth_cache_ttl_seconds = 300\n"
                   f"database_uri = sqlite:///{work / 'basic_auth.db'}\n"
                   f"admin_username = {AUTH_ADMIN[0]}\nadmin_password = {AUTH_ADMIN[1]}\n")
    env["MLFLOW_AUTH_CONFIG_PATH"] = str(ini)
    env["MLFLOW_FLASK_SERVER_SECRET_KEY"] = "compat-secret"
    for var in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        env.pop(var, None)
    return ["--app-name", "basic-auth"]


def _add_suite_user(uri: str) -> None:
    """With ``COMPAT_AUTH=1``: the suite's user on a freshly started server, and the client signed in as them."""
    if not AUTH:
        return
    import requests

    r = requests.post(uri + "/api/2.0/mlflow/users/create", auth=AUTH_ADMIN, timeout=60,
                      json={"username": AUTH_USER[0], "password": AUTH_USER[1]})
    assert r.status_code == 200, f"creating the suite's user: {r.status_code} {r.text}"
    os.environ["MLFLOW_TRACKING_USERNAME"], os.environ["MLFLOW_TRACKING_PASSWORD"] = AUTH_USER
    _sign_raw_requests()


def _sign_raw_requests() -> None:
    """Raw HTTP calls of the suite (``requests`` without credentials of their own) sign in as whoever the client is
    signed in as (``MLFLOW_TRACKING_USERNAME``). The mlflow client sets its own Authorization header, which stays:
    a netrc file or a session default would replace it."""
    import requests

    if getattr(requests.Session.request, "_compat_signed", False):
        return
    original = requests.Session.request

    def request(self, method, url, **kwargs):
        headers = kwargs.get("headers") or {}
        user = os.environ.get("MLFLOW_TRACKING_USERNAME")
        if user and kwargs.get("auth") is None and not any(k.lower() == "authorization" for k in headers):
            kwargs["auth"] = (user, os.environ.get("MLFLOW_TRACKING_PASSWORD", ""))
        return original(self, method, url, **kwargs)

    request._compat_signed = True
    requests.Session.request = request


@pytest.fixture
def as_admin(monkeypatch):
    """Signs the client in as the administrator for the test (what only an administrator may do)."""
    if AUTH:
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", AUTH_ADMIN[0])
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", AUTH_ADMIN[1])


def _cairn_server_command(db_uri: str, artifacts: Path, port: int,
                          artifact_args: list[str] | None = None) -> list[str]:
    # Every Cairn server of the suite serves /metrics: the whole suite runs through the metrics filter.
    return [str(REPO_ROOT / "bin" / "cairn"), "server", "--backend-store-uri", db_uri,
            *_artifact_args(artifacts, artifact_args), "--host", "127.0.0.1", "--port", str(port),
            "--expose-prometheus"]


def start_server(work: Path, artifact_args: list[str], env: dict[str, str] | None = None):
    """Starts the server under test (``COMPAT_SERVER``) on a fresh database (``database_uri``); returns (process, uri, log).
    The caller stops it with ``_stop``."""
    kind = os.environ.get("COMPAT_SERVER", "mlflow")
    port = _free_port()
    build = _mlflow_server_command if kind == "mlflow" else _cairn_server_command
    db_uri = database_uri(work)
    server_env = {**os.environ, **(env or {})}
    cmd = build(db_uri, work / "artifacts", port, artifact_args) + _auth_args(work, server_env)
    log_path = work / "server.log"
    uri = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work,
                                start_new_session=True, env=server_env)
    proc.db_uri = db_uri  # for tests that also open the database (gc)
    deadline = time.monotonic() + START_TIMEOUT_S[kind]
    while not _healthy(uri):
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop(proc)
            raise RuntimeError(f"{kind} server did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
    _add_suite_user(uri)
    return proc, uri, log_path


def _healthy(uri: str) -> bool:
    try:
        with urllib.request.urlopen(uri + "/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    """Terminates the whole process group (servers fork workers), escalating to SIGKILL, and reaps it."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def server_uri(tmp_path_factory):
    """Starts the server under test and yields its tracking URI (``http://127.0.0.1:<port>``)."""
    global _server_log
    external = os.environ.get("COMPAT_TRACKING_URI")
    if external:
        yield external.rstrip("/")
        return

    kind = os.environ.get("COMPAT_SERVER", "mlflow")
    if kind not in START_TIMEOUT_S:
        raise pytest.UsageError(f"COMPAT_SERVER must be one of {sorted(START_TIMEOUT_S)}, got {kind!r}")
    work = tmp_path_factory.mktemp("server")
    artifacts = work / "artifacts"
    artifacts.mkdir()
    port = _free_port()
    db_uri = database_uri(work)
    build = _mlflow_server_command if kind == "mlflow" else _cairn_server_command
    # MLflow's default deployment: the server proxies artifacts (mlflow-artifacts:/) into --artifacts-destination.
    # Webhook tests deliver to a receiver on loopback over http, which MLflow refuses by default.
    env = {**os.environ, "MLFLOW_WEBHOOK_ALLOWED_SCHEMES": "http,https", "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS": "true"}
    cmd = build(db_uri, artifacts, port, ["--artifacts-destination", str(artifacts)]) + _auth_args(work, env)
    _server_log = work / "server.log"
    uri = f"http://127.0.0.1:{port}"
    with open(_server_log, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=work, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S[kind]
        while not _healthy(uri):
            if proc.poll() is not None:
                pytest.exit(f"{kind} server exited with {proc.returncode} before /health answered:\n"
                            f"{_server_log.read_text(errors='replace')}", returncode=3)
            if time.monotonic() > deadline:
                pytest.exit(f"{kind} server did not answer GET /health within {START_TIMEOUT_S[kind]} s:\n"
                            f"{_server_log.read_text(errors='replace')}", returncode=3)
            time.sleep(0.2)
        _add_suite_user(uri)
        yield uri
    finally:
        _stop(proc)


# ---- artifact deployments: each artifact/model test can run against all four

DEPLOYMENTS = ["proxy", "direct", "s3-proxied", "s3-direct"]


def use_deployment(request, monkeypatch) -> str:
    """Points the client at the server of ``request.param`` (one of DEPLOYMENTS) and returns its URI. For the S3
    deployments the client also gets the S3 endpoint and keys (in s3-direct it writes to S3 itself)."""
    if request.param.startswith("s3"):
        for k, v in request.getfixturevalue("s3").items():
            monkeypatch.setenv(k, v)
    target = {"proxy": lambda: request.getfixturevalue("server_uri"),
              "direct": lambda: request.getfixturevalue("direct_server"),
              "s3-proxied": lambda: request.getfixturevalue("s3_proxied_server"),
              "s3-direct": lambda: request.getfixturevalue("s3_direct_server")}[request.param]()
    mlflow.set_tracking_uri(target)
    return target


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    """s3proxy as a process; yields the environment both the servers and the client use to reach it."""
    work = tmp_path_factory.mktemp("s3")
    proc = subprocess.Popen([str(REPO_ROOT / "compat" / "s3proxy.sh"), str(work), "bucket"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    endpoint = proc.stdout.readline().strip()
    assert endpoint.startswith("http://"), f"s3proxy did not start: {endpoint!r}"
    yield {"MLFLOW_S3_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "access",
           "AWS_SECRET_ACCESS_KEY": "secret-key", "AWS_DEFAULT_REGION": "us-east-1"}
    proc.stdin.close()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def s3_proxied_server(tmp_path_factory, s3):
    work = tmp_path_factory.mktemp("s3proxied")
    proc, uri, _ = start_server(work, ["--artifacts-destination", "s3://bucket/proxied"], env=s3)
    yield uri
    _stop(proc)


@pytest.fixture(scope="session")
def s3_direct_server(tmp_path_factory, s3):
    work = tmp_path_factory.mktemp("s3direct")
    proc, uri, _ = start_server(work, ["--default-artifact-root", "s3://bucket/direct"], env=s3)
    yield uri
    _stop(proc)


@pytest.fixture(scope="session")
def direct_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("direct")
    proc, uri, _ = start_server(
        work, ["--no-serve-artifacts", "--default-artifact-root", str(work / "mlruns")])
    yield uri
    _stop(proc)



@pytest.fixture(autouse=True)
def tracking_uri(server_uri, monkeypatch):
    """Points the fluent API at the server; clears run/experiment env vars and leftover active runs."""
    for var in ("MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", server_uri)
    # The client retries 5xx answers with exponential backoff (minutes); fail fast instead.
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_TIMEOUT", "60")
    mlflow.set_tracking_uri(server_uri)
    yield server_uri
    while mlflow.active_run() is not None:
        mlflow.end_run()


@pytest.fixture
def client(server_uri) -> MlflowClient:
    return MlflowClient(tracking_uri=server_uri)


@pytest.fixture
def experiment_id() -> str:
    """A fresh experiment, made the active one for the fluent API."""
    return mlflow.set_experiment(unique("exp")).experiment_id


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    global _failed
    outcome = yield
    if outcome.get_result().failed:
        _failed = True


def pytest_terminal_summary(terminalreporter):
    if _failed and _server_log is not None and _server_log.exists():
        lines = _server_log.read_text(errors="replace").splitlines()
        terminalreporter.section(f"server log (last 200 lines of {_server_log})")
        terminalreporter.write_line("\n".join(lines[-200:]))
