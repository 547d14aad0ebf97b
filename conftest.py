"""Shared fixtures: see huitong.testing for the base case of the permission matrix."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from huitong.testing import World, build_world


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any, request: pytest.FixtureRequest) -> None:
    """Argon2 is slow on purpose; tests that are about hashing are marked ``argon2``."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
