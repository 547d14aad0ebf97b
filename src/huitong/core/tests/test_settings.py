"""Production mode refuses unsafe settings; the laptop defaults run SQLite in WAL mode."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections

from huitong.alliance.models import Institution
from huitong.testing import make_institution

SAFE_KEY = "k" * 20 + "-production-secret-for-tests-only-0123456789"


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HUITONG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-m", "huitong", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_the_default_secret_key() -> None:
    result = run_settings(HUITONG_PRODUCTION="1", HUITONG_ALLOWED_HOSTS="huitong.example.org")
    assert result.returncode != 0
    assert "HUITONG_SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = run_settings(HUITONG_PRODUCTION="1", HUITONG_DEBUG="1", HUITONG_SECRET_KEY=SAFE_KEY)
    assert result.returncode != 0
    assert "HUITONG_DEBUG must be off" in result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = run_settings(
        HUITONG_PRODUCTION="1",
        HUITONG_SECRET_KEY=SAFE_KEY,
        HUITONG_ALLOWED_HOSTS="huitong.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_database_is_tuned_for_its_engine(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
        else:
            assert connection.vendor == "postgresql"
            cursor.execute("SHOW server_encoding")
            assert cursor.fetchone()[0] == "UTF8"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_succeed() -> None:
    """Eight threads write at once; none fails with "database is locked"."""
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for k in range(5):
                make_institution(f"Concurrent University {n}-{k}", country="PL", city="Łódź")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Institution.objects.filter(name__startswith="Concurrent University").count() == 40
