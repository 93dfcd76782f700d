"""A pytest plugin for the auth selection: three route constants MLflow 3.11 had and 3.17.2 removed.

tests/server/auth/test_auth.py (MLflow 3.11.2.dev0) imports ``CREATE_REGISTERED_MODEL_PERMISSION``,
``GET_REGISTERED_MODEL_PERMISSION`` and ``GET_SCORER_PERMISSION`` from ``mlflow.server.auth.routes``; the pinned
3.17.2 client replaced those per-resource permission routes by ``users/permissions/*`` and no longer defines them,
so without them the whole file (77 tests) fails to import. This plugin sets each one that is missing to the path
it had in 3.11 (``mlflow/server/auth/routes.py`` there), nothing else: the three tests that call those paths then
meet whatever the server answers there (3.17.2's own server no longer serves them; known_failures_auth.txt).
"""

from __future__ import annotations

_REMOVED_IN_3_17 = {  # name: (path under /api/<version>, version), as MLflow 3.11's routes.py built them
    "CREATE_REGISTERED_MODEL_PERMISSION": ("/mlflow/registered-models/permissions/create", 2),
    "GET_REGISTERED_MODEL_PERMISSION": ("/mlflow/registered-models/permissions/get", 2),
    "GET_SCORER_PERMISSION": ("/mlflow/scorers/permissions/get", 3),
}


def pytest_configure(config):
    import mlflow.server.auth.routes as routes
    from mlflow.server.handlers import _get_rest_path

    for name, (path, version) in _REMOVED_IN_3_17.items():
        if not hasattr(routes, name):
            setattr(routes, name, _get_rest_path(path, version=version))
