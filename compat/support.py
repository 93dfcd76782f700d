"""Helpers shared by the compatibility tests (kept out of conftest.py so tests can import them)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import mlflow

MLFLOW_MAJOR = int(mlflow.__version__.split(".")[0])

# The servers store into an MLflow file store folder (compat/run.sh with COMPAT_DATABASE=file).
FILE_STORE = os.environ.get("COMPAT_DATABASE") == "file"

# The servers run MLflow's basic-auth app and the suite signs in as an ordinary user (COMPAT_AUTH=1, conftest.py).
AUTH = os.environ.get("COMPAT_AUTH") == "1"


def unique(prefix: str = "compat") -> str:
    """A name no other test (or earlier session against a reused server) can collide with."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def run_python(code: str, server_uri: str, **env: str) -> subprocess.CompletedProcess:
    """Runs ``code`` in a second interpreter (same venv) against the server; fails the test on a non-zero exit.

    The child inherits no ``MLFLOW_*`` variables except the HTTP retry settings, the credentials (a second process of
    the same user), the tracking URI and ``env``.
    """
    child_env = {k: v for k, v in os.environ.items()
                 if not k.startswith("MLFLOW_") or k.startswith("MLFLOW_HTTP_REQUEST_")
                 or k in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD")}
    child_env.update({"MLFLOW_TRACKING_URI": server_uri, **env})
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=child_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def flatten(config: dict, prefix: str = "") -> dict[str, object]:
    """Flattens a nested config the way the user guides do (Hydra style): ``{"model": {"layers": 12}}`` ->
    ``{"model.layers": 12}``."""
    flat: dict[str, object] = {}
    for key, value in config.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat
