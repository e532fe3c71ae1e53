"""`manage.py check --deploy` is clean with production variables set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SPPE_", "DJANGO_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SPPE_SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789-abcdef",
    "SPPE_ALLOWED_HOSTS": "petite-enfance.exemple.fr",
    "DATABASE_URL": "sqlite:////tmp/sppe-deploy-check.sqlite3",
}


@pytest.mark.slow
def test_check_deploy_is_clean():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["SPPE_SECRET_KEY"]
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SPPE_SECRET_KEY" in result.stderr
