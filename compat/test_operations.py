"""Operations: /metrics in Prometheus's text format (parsed by Prometheus's own client library) and /ready."""

from __future__ import annotations

import os

import mlflow
import pytest
import requests

needs_cairn = pytest.mark.skipif(
    os.environ.get("COMPAT_SERVER", "mlflow") != "cairn",
    reason="MLflow's exporter needs prometheus_flask_exporter and a multiprocess directory; Cairn serves "
           "/metrics itself",
)


def _samples(server_uri: str) -> dict[tuple, float]:
    from prometheus_client.parser import text_string_to_metric_families

    resp = requests.get(f"{server_uri}/metrics")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(resp.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def _total(samples: dict, name: str, **labels) -> float:
    return sum(v for (n, ls), v in samples.items()
               if n == name and all(dict(ls).get(k) == str(v2) for k, v2 in labels.items()))


@needs_cairn
def test_metrics_parse_and_move_with_the_requests_made(server_uri, experiment_id):
    before = _samples(server_uri)
    with mlflow.start_run() as run:
        for step in range(7):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    after = _samples(server_uri)
    route = "POST /api/2.0/mlflow/runs/log-metric"
    grew = _total(after, "cairn_http_requests_total", route=route, status=200) - \
        _total(before, "cairn_http_requests_total", route=route, status=200)
    assert grew == 7
    assert _total(after, "mlflow_http_request_total", method="POST", status=200) >= \
        _total(before, "mlflow_http_request_total", method="POST", status=200) + 7
    assert _total(after, "cairn_http_request_duration_seconds_count", route=route) >= 7
    assert _total(after, "jvm_memory_bytes_used", area="heap") > 0
    assert _total(after, "mlflow_exporter_info", version="3.17.2") == 1
    assert run.info.run_id


@needs_cairn
def test_ready_says_whether_the_backend_store_answers(server_uri):
    resp = requests.get(f"{server_uri}/ready")
    assert resp.status_code == 200
    assert resp.text == "OK"
