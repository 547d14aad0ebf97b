"""Data computed from the database (live figures, cached pages) is kept in the cache under
a version that every service bumps after its transaction commits.

With Redis (production) every worker sees the new version at once; with the per-process
memory cache of a laptop, entries also expire after ``LOCAL_TTL`` seconds, so that a second
worker process is never more than that behind. With a shared cache the version alone
invalidates, so entries live an hour (``SHARED_TTL``): recomputing the network's figures
at scale takes a while, and should not happen every minute.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache

T = TypeVar("T")
VERSION_KEY = "huitong:data-version"
LOCAL_TTL = 60
SHARED_TTL = 3600


def ttl() -> int:
    from django.conf import settings

    return SHARED_TTL if getattr(settings, "REDIS_URL", "") else LOCAL_TTL


# Within one request the version is read from the cache once (``request_scope``): a page
# reading several cached parts pays one round trip to Redis for it, not one per part.
_request_version: ContextVar[dict[str, str] | None] = ContextVar(
    "huitong_data_version", default=None
)


@contextmanager
def request_scope() -> Iterator[None]:
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def version() -> str:
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        cache.add(VERSION_KEY, current, timeout=None)
        current = cache.get(VERSION_KEY, current)
    if memo is not None:
        memo["version"] = str(current)
    return str(current)


def bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    memo = _request_version.get()
    if memo is not None:
        memo.pop("version", None)


def versioned_cache() -> BaseCache:
    """The cache for keys that carry the version (``huitong.core.tiered_cache``)."""
    return caches["versioned"]


def cached(key: str, compute: Callable[[], T]) -> T:
    full_key = f"data:{version()}:{key}"
    store = versioned_cache()
    value = store.get(full_key)
    if value is None:
        value = compute()
        store.set(full_key, value, timeout=ttl())
    return value  # type: ignore[no-any-return]
