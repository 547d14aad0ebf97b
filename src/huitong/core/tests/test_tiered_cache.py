"""The cache of versioned entries keeps what it read or wrote in the process's memory, in
front of the shared cache; clearing the shared cache changes the data version, so nothing
kept in memory is read again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import override_settings

from huitong.core import cache as data_cache
from huitong.core.tiered_cache import TieredCache

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t-s"},
    "versioned": {
        "BACKEND": "huitong.core.tiered_cache.TieredCache",
        "LOCATION": "default",
        "OPTIONS": {"MAX_ENTRIES": 10},
    },
}


@pytest.fixture
def tiered() -> Iterator[Any]:
    with override_settings(CACHES=CACHES):
        store = caches["versioned"]
        assert isinstance(store, TieredCache)
        yield store
        store.clear()


def test_a_written_entry_is_in_both_tiers(tiered: Any) -> None:
    tiered.set("k", {"a": 1})
    assert caches["default"].get("k") == {"a": 1}
    caches["default"].delete("k")
    assert tiered.get("k") == {"a": 1}  # from the process's memory


def test_an_entry_read_from_the_shared_cache_is_kept(tiered: Any) -> None:
    caches["default"].set("k", "from Redis")
    assert tiered.get("k") == "from Redis"
    caches["default"].delete("k")
    assert tiered.get("k") == "from Redis"
    assert tiered.get("missing", "default") == "default"


def test_each_read_gets_its_own_copy(tiered: Any) -> None:
    tiered.set("k", [1, 2])
    first = tiered.get("k")
    first.append(3)
    assert tiered.get("k") == [1, 2]


def test_add_keeps_the_first_value_and_clear_empties_both(tiered: Any) -> None:
    assert tiered.add("k", "first")
    assert not tiered.add("k", "second")
    assert tiered.get("k") == "first"
    tiered.clear()
    assert tiered.get("k") is None
    assert caches["default"].get("k") is None


def test_clearing_the_shared_cache_retires_every_versioned_entry(tiered: Any) -> None:
    assert data_cache.cached("figure", lambda: 1) == 1
    assert data_cache.cached("figure", lambda: 2) == 1  # kept
    caches["default"].clear()  # as a deployment's flush, or a test's
    assert data_cache.cached("figure", lambda: 3) == 3
