"""Shared fixtures: see huitong.testing for the base case of the permission matrix."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from huitong.testing import World, build_world


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Each test starts in English, whatever language an earlier request activated."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any, request: pytest.FixtureRequest) -> None:
    """Argon2 is slow on purpose; tests that are about hashing are marked ``argon2``."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _wants_transactions(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    return bool(
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _countries(request: pytest.FixtureRequest) -> None:
    """Countries and the standard terminology come from data migrations; a transactional
    test empties every table at its end, so put them back for the tests that follow."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server", "world")
    )
    if not uses_db:
        return
    request.getfixturevalue("transactional_db" if _wants_transactions(request) else "db")
    from django.apps import apps

    from huitong.core.models import Country
    from huitong.terminology.models import CodeSystem

    if not Country.objects.exists():
        migration = importlib.import_module("huitong.core.migrations.0002_load_countries")
        migration.load_countries(apps, None)
    if not CodeSystem.objects.exists():
        migration = importlib.import_module("huitong.terminology.migrations.0002_standard_content")
        migration.load(apps, None)


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
