"""MLflow's basic-auth app (``--app-name basic-auth``): the real ``mlflow`` client signing in as users, MLflow's own
auth client (``mlflow.server.get_app_client("basic-auth", ...)``) managing users and grants, and (Cairn only) one
auth database moved between MLflow's server and Cairn in both directions.

Each test module server is a fresh server with its own tracking and auth databases; the same tests run against
MLflow's server (``compat/run.sh mlflow``) and Cairn's.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import mlflow
import mlflow.server
import pytest
import requests
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

import conftest
from support import MLFLOW_MAJOR, unique

pytestmark = pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="the auth client of the pinned 3.x mlflow")

ADMIN = ("admin", "admin-password-1234")
PASSWORD = "user-password-1234"


def write_ini(work: Path, default_permission: str = "READ", cache_ttl: int = 0) -> Path:
    ini = work / "basic_auth.ini"
    ini.write_text(
        "[mlflow]\n"
        f"default_permission = {default_permission}\n"
        f"database_uri = sqlite:///{work / 'basic_auth.db'}\n"
        f"admin_username = {ADMIN[0]}\n"
        f"admin_password = {ADMIN[1]}\n"
        "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
        f"auth_cache_ttl_seconds = {cache_ttl}\n")
    return ini


def start(kind: str, work: Path, db_uri: str, ini: Path):
    """``kind``'s server with basic auth on ``db_uri``; returns (process, uri)."""
    port = conftest._free_port()
    build = conftest._mlflow_server_command if kind == "mlflow" else conftest._cairn_server_command
    cmd = build(db_uri, work / "artifacts", port, ["--artifacts-destination", str(work / "artifacts")])
    cmd += ["--app-name", "basic-auth"]
    uri = f"http://127.0.0.1:{port}"
    log = open(work / f"{kind}.log", "ab")
    env = {**os.environ, "MLFLOW_AUTH_CONFIG_PATH": str(ini), "MLFLOW_FLASK_SERVER_SECRET_KEY": "compat-secret"}
    for var in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"):
        env.pop(var, None)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work,
                            start_new_session=True, env=env)
    deadline = time.monotonic() + conftest.START_TIMEOUT_S[kind]
    while not conftest._healthy(uri):
        if proc.poll() is not None or time.monotonic() > deadline:
            conftest._stop(proc)
            log.flush()
            pytest.fail(f"{kind} did not start: " + (work / f"{kind}.log").read_text(errors="replace")[-3000:])
        time.sleep(0.2)
    return proc, uri


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("auth")
    (work / "artifacts").mkdir()
    kind = os.environ.get("COMPAT_SERVER", "mlflow")
    proc, uri = start(kind, work, conftest.database_uri(work), write_ini(work))
    yield uri
    conftest._stop(proc)


@pytest.fixture
def as_user(monkeypatch):
    """Signs the fluent API and MlflowClient in as ``username`` (None: no credentials)."""

    def sign_in(username: str | None, password: str = PASSWORD):
        if username is None:
            monkeypatch.delenv("MLFLOW_TRACKING_USERNAME", raising=False)
            monkeypatch.delenv("MLFLOW_TRACKING_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", username)
            monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", password)

    return sign_in


def auth_client(uri: str, as_user):
    as_user(*ADMIN)
    return mlflow.server.get_app_client("basic-auth", tracking_uri=uri)


def new_user(uri: str, as_user, admin: bool = False) -> str:
    name = unique("user")
    client = auth_client(uri, as_user)
    client.create_user(name, PASSWORD)
    if admin:
        client.update_user_admin(name, True)
    return name


def refused(code: str):
    return pytest.raises(MlflowException, match=code if code != "PERMISSION_DENIED" else "Permission denied")


def test_a_user_tracks_in_their_own_experiment_and_is_refused_elsewhere(auth_server, as_user, tmp_path):
    alice = new_user(auth_server, as_user)
    bob = new_user(auth_server, as_user)
    mlflow.set_tracking_uri(auth_server)

    as_user(alice)
    exp = mlflow.create_experiment(unique("alice"))
    with mlflow.start_run(experiment_id=exp) as run:
        mlflow.log_params({"lr": 0.1, "layers": 3})
        mlflow.log_metrics({"loss": 0.5, "acc": 0.9}, step=1)
        (tmp_path / "notes.txt").write_text("hi")
        mlflow.log_artifact(str(tmp_path / "notes.txt"))
    run_id = run.info.run_id

    as_user(bob)  # default_permission READ: reads, but may not write
    client = MlflowClient(auth_server)
    assert client.get_run(run_id).data.params == {"lr": "0.1", "layers": "3"}
    assert [r.info.run_id for r in client.search_runs([exp])] == [run_id]
    with pytest.raises(MlflowException) as e:
        client.log_metric(run_id, "loss", 0.1)
    assert e.value.error_code == "PERMISSION_DENIED"
    with pytest.raises(MlflowException) as e:
        client.delete_experiment(exp)
    assert e.value.error_code == "PERMISSION_DENIED"

    as_user(None)
    with pytest.raises(MlflowException) as e:
        MlflowClient(auth_server).get_run(run_id)
    assert e.value.error_code == "UNAUTHENTICATED"

    as_user(bob, "not-the-password")
    with pytest.raises(MlflowException) as e:
        MlflowClient(auth_server).get_run(run_id)
    assert e.value.error_code == "UNAUTHENTICATED"


def test_grants_from_the_auth_client_decide(auth_server, as_user):
    alice = new_user(auth_server, as_user)
    bob = new_user(auth_server, as_user)
    as_user(alice)
    client = MlflowClient(auth_server)
    exp = client.create_experiment(unique("shared"))
    run_id = client.create_run(exp).info.run_id
    client.create_registered_model(name := unique("model"))

    admin = auth_client(auth_server, as_user)
    admin.grant_user_permission(bob, "experiment", exp, "EDIT")
    admin.grant_user_permission(bob, "registered_model", name, "MANAGE")
    assert admin.get_user_permission(bob, "experiment", exp).permission == "EDIT"

    as_user(bob)
    client.log_metric(run_id, "loss", 0.25)
    client.delete_registered_model(name)
    with pytest.raises(MlflowException) as e:
        client.delete_experiment(exp)  # EDIT does not delete
    assert e.value.error_code == "PERMISSION_DENIED"

    admin = auth_client(auth_server, as_user)
    admin.revoke_user_permission(bob, "experiment", exp)
    as_user(bob)
    with pytest.raises(MlflowException) as e:
        client.log_metric(run_id, "loss", 0.5)
    assert e.value.error_code == "PERMISSION_DENIED"


def test_users_change_passwords_lose_admin_and_are_deleted(auth_server, as_user):
    carol = new_user(auth_server, as_user, admin=True)
    admin = auth_client(auth_server, as_user)
    assert admin.get_user(carol).is_admin is True

    as_user(carol)
    mine = mlflow.server.get_app_client("basic-auth", tracking_uri=auth_server)
    with pytest.raises(MlflowException, match="Current password is required"):
        mine.update_user_password(carol, "another-password-1234")
    mine.update_user_password(carol, "another-password-1234", current_password=PASSWORD)
    as_user(carol)  # the old password
    with pytest.raises(MlflowException) as e:
        MlflowClient(auth_server).search_experiments()
    assert e.value.error_code == "UNAUTHENTICATED"
    as_user(carol, "another-password-1234")
    MlflowClient(auth_server).search_experiments()

    admin = auth_client(auth_server, as_user)
    admin.update_user_admin(carol, False)
    assert admin.get_user(carol).is_admin is False
    admin.delete_user(carol)
    with pytest.raises(MlflowException) as e:
        admin.get_user(carol)
    assert e.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    as_user(carol, "another-password-1234")
    with pytest.raises(MlflowException) as e:
        MlflowClient(auth_server).search_experiments()
    assert e.value.error_code == "UNAUTHENTICATED"


def test_the_raw_answers_are_mlflows(auth_server):
    r = requests.get(auth_server + "/api/2.0/mlflow/experiments/search?max_results=1", timeout=30)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == 'Basic realm="mlflow"'
    assert r.text.startswith("You are not authenticated.")
    assert requests.get(auth_server + "/health", timeout=30).status_code == 200

    user = unique("raw")
    created = requests.post(auth_server + "/api/2.0/mlflow/users/create", json={"username": user, "password": PASSWORD},
                            auth=ADMIN, timeout=30)
    assert created.status_code == 200
    assert created.json()["user"]["username"] == user
    r = requests.post(auth_server + "/api/2.0/mlflow/webhooks", auth=(user, PASSWORD), timeout=30,
                      json={"name": "w", "url": "https://example.com/h", "events": []})
    assert r.status_code == 403
    assert r.text == "Permission denied"
    short = requests.post(auth_server + "/api/2.0/mlflow/users/create", json={"username": unique("x"), "password": "short"},
                          auth=ADMIN, timeout=30)
    assert short.status_code == 400
    assert short.json()["error_code"] == "INVALID_PARAMETER_VALUE"


@pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn",
                    reason="moving an auth database between MLflow's server and Cairn is checked for Cairn only")
@pytest.mark.parametrize("first,second", [("mlflow", "cairn"), ("cairn", "mlflow")])
def test_one_auth_database_serves_both_servers(first, second, tmp_path, as_user):
    (tmp_path / "artifacts").mkdir()
    ini = write_ini(tmp_path)
    db_uri = conftest.database_uri(tmp_path)

    proc, uri = start(first, tmp_path, db_uri, ini)
    try:
        admin = auth_client(uri, as_user)
        owner, reader = unique("owner"), unique("reader")
        admin.create_user(owner, PASSWORD)
        admin.create_user(reader, PASSWORD)
        as_user(owner)
        client = MlflowClient(uri)
        exp = client.create_experiment(unique("moved"))
        run_id = client.create_run(exp).info.run_id
        admin = auth_client(uri, as_user)
        admin.grant_user_permission(reader, "experiment", exp, "READ")
    finally:
        conftest._stop(proc)

    proc, uri = start(second, tmp_path, db_uri, ini)
    try:
        as_user(owner)
        client = MlflowClient(uri)
        client.log_metric(run_id, "loss", 0.5)  # the creator still manages it
        client.set_experiment_tag(exp, "moved", "yes")
        as_user(reader)
        assert client.get_run(run_id).data.metrics == {"loss": 0.5}
        with pytest.raises(MlflowException) as e:
            client.log_metric(run_id, "loss", 0.1)
        assert e.value.error_code == "PERMISSION_DENIED"
        admin = auth_client(uri, as_user)
        assert admin.get_user_permission(reader, "experiment", exp).permission == "READ"
        assert admin.get_user(owner).username == owner
    finally:
        conftest._stop(proc)
