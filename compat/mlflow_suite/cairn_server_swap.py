"""A pytest plugin that runs MLflow's own REST-level tests against a Cairn server process.

MLflow's tests start their server in three ways, each replaced before the test modules import it when
``CAIRN_BIN`` names ``bin/cairn`` (loaded with ``-p cairn_server_swap``):

- in process: their fixtures call ``initialize_backend_stores(backend_uri, default_artifact_root=...)`` and then
  ``with ServerThread(app, port) as url``; the first only records the store and artifact root the test asked for,
  the second starts ``cairn server`` on them (no artifact proxy, as MLflow's in-process server has none);
- as a subprocess: ``with _init_server(backend_uri, root_artifact_uri, extra_env, app, server_type) as url`` (the
  auth tests: ``app="mlflow.server.auth:create_app"``); replaced by ``cairn server`` on that store and root (no
  artifact proxy: MLflow's ``flask run``/``uvicorn`` of the app has none either), with ``--app-name basic-auth``
  for the auth app, and ``extra_env`` passed to the process as MLflow's gets it (``MLFLOW_AUTH_CONFIG_PATH``, ...);
- tests/webhooks/test_e2e.py's own ``_run_mlflow_server``;
- tests/server/auth/test_auth.py's ``subprocess.Popen([python, "-m", "mlflow", "server", ...], env=...)``
  (test_proxy_log_artifacts): ``cairn server`` with the same options (but gunicorn's) and the same environment.

Each server stops when its test ends. Without ``CAIRN_BIN`` nothing is replaced and the tests run against MLflow's
own server, the baseline. On both runs, a test that starts a server (but by test_e2e.py's) carries the junit
property ``server`` (``report.py`` tells those tests from the ones that only exercise MLflow's Python code).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.request

import pytest

_requested: dict[str, str | None] = {"backend": None, "root": None}
_running: dict[str, pytest.Item | None] = {"item": None}

# The apps MLflow's tests start with _init_server, and the `cairn server` options that serve the same API.
_APPS = {
    None: [],
    "mlflow.server:app": [],
    "mlflow.server.fastapi_app:app": [],
    "mlflow.server.auth:create_app": ["--app-name", "basic-auth"],
}


def _mark_server_started() -> None:
    item = _running["item"]
    if item is not None and ("server", "started") not in item.user_properties:
        item.user_properties.append(("server", "started"))


def _initialize_backend_stores(backend_store_uri=None, registry_store_uri=None, default_artifact_root=None,
                               *args, **kwargs):
    _requested["backend"] = backend_store_uri
    _requested["root"] = default_artifact_root


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def _cairn_server_thread(app, port: int):
    """In place of ``ServerThread(app, port)``: Cairn on the store and root the test asked for (no artifact proxy,
    as MLflow's in-process server has none)."""
    _mark_server_started()
    backend, root = _requested["backend"], _requested["root"]
    if backend is None:
        raise RuntimeError("the test started a server without initialize_backend_stores")
    args = ["--backend-store-uri", backend, "--no-serve-artifacts"]
    if root:
        args += ["--default-artifact-root", root]
    try:
        with _cairn_process(args, {}) as url:
            yield url
    finally:
        _requested["backend"] = _requested["root"] = None


@contextlib.contextmanager
def _cairn_init_server(backend_uri, root_artifact_uri, extra_env=None, app=None, server_type="fastapi"):
    """In place of ``_init_server(...)``: Cairn on the store and root the test asked for, serving ``app``'s API
    (``server_type``, Flask or uvicorn, makes no difference to Cairn), with ``extra_env``."""
    import mlflow

    _mark_server_started()
    if app not in _APPS:
        raise RuntimeError(f"cairn_server_swap: no Cairn counterpart for the app {app!r}")
    mlflow.set_tracking_uri(None)  # as _init_server does
    args = ["--backend-store-uri", backend_uri, "--default-artifact-root", root_artifact_uri,
            "--no-serve-artifacts", *_APPS[app]]
    with _cairn_process(args, {k: str(v) for k, v in (extra_env or {}).items()}) as url:
        yield url


def _marking(start):
    """``start`` (MLflow's own _init_server or ServerThread), marking the running test as one that starts a
    server."""

    def marked(*args, **kwargs):
        _mark_server_started()
        return start(*args, **kwargs)

    return marked


@contextlib.contextmanager
def _cairn_process(args: list[str], env: dict[str, str]):
    """``cairn server`` with ``args`` and extra ``env``; yields its URL once /health answers."""
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="cairn-server-", suffix=".log", delete=False)
    proc = subprocess.Popen([os.environ["CAIRN_BIN"], "server", "--host", "127.0.0.1", "--port", str(port),
                             "--no-access-log", *args],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("cairn did not start: " + open(log.name, errors="replace").read()[-3000:])
            time.sleep(0.05)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _cairn_webhook_e2e_server(tmp_path):
    """tests/webhooks/test_e2e.py's ``_run_mlflow_server``: the same store, root and webhook settings."""
    from cryptography.fernet import Fernet

    env = {
        "MLFLOW_WEBHOOK_ALLOWED_SCHEMES": "http",
        "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "MLFLOW_WEBHOOK_REQUEST_MAX_RETRIES": "3",
        "MLFLOW_WEBHOOK_REQUEST_TIMEOUT": "10",
        "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS": "true",
    }
    args = ["--backend-store-uri", f"sqlite:///{tmp_path / 'mlflow.db'}",
            "--default-artifact-root", (tmp_path / "artifacts").as_uri()]
    with _cairn_process(args, env) as url:
        yield url.replace("127.0.0.1", "localhost")


class _MlflowServerCommands:
    """Stands for the module ``subprocess`` in a test module that runs ``python -m mlflow server ...`` itself: that
    command marks the test and, with ``CAIRN_BIN``, becomes ``cairn server`` with the same options (gunicorn's
    dropped: Cairn has none) and the same environment; any other command runs as it is."""

    def __init__(self, real):
        self._real = real

    def __getattr__(self, name):
        return getattr(self._real, name)

    def Popen(self, args, *rest, **kwargs):  # noqa: N802 (subprocess's name)
        import sys

        if list(args[:4]) != [sys.executable, "-m", "mlflow", "server"]:
            return self._real.Popen(args, *rest, **kwargs)
        _mark_server_started()
        if os.environ.get("CAIRN_BIN"):
            options, skip = [], False
            for arg in args[4:]:
                if skip or arg == "--gunicorn-opts":
                    skip = not skip
                    continue
                options.append(arg)
            args = [os.environ["CAIRN_BIN"], "server", *options]
        return self._real.Popen(args, *rest, **kwargs)


def pytest_collection_modifyitems(session, config, items):
    import subprocess
    import sys

    e2e = sys.modules.get("tests.webhooks.test_e2e")
    if os.environ.get("CAIRN_BIN") and e2e is not None:
        e2e._run_mlflow_server = _cairn_webhook_e2e_server
    auth = sys.modules.get("tests.server.auth.test_auth")
    if auth is not None and getattr(auth, "subprocess", None) is subprocess:
        auth.subprocess = _MlflowServerCommands(subprocess)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running["item"] = item
    try:
        yield
    finally:
        _running["item"] = None


def pytest_configure(config):
    import tests.tracking.integration_test_utils as utils

    if not os.environ.get("CAIRN_BIN"):
        utils._init_server = _marking(utils._init_server)
        utils.ServerThread = _marking(utils.ServerThread)
        return
    import mlflow.server.handlers as handlers

    handlers.initialize_backend_stores = _initialize_backend_stores
    utils.ServerThread = _cairn_server_thread
    utils._init_server = _cairn_init_server
