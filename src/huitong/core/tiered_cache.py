"""The cache of versioned entries: a memory cache in each process in front of the shared
one (Redis).

Every key stored through it carries the data version (``huitong.core.cache``) and, for a
course's parts, the course's content version. So an entry never changes once written:
a newer version makes new keys, and the old entries stop being read and are culled from
memory. A process can therefore keep what it read from Redis and answer the next
request itself. Reading the version (one Redis round trip per request) is the only
shared read left on a cached page. On a loaded 2-core machine each Redis GET took about a
quarter of a millisecond of a worker's time (``py-spy`` on a bench worker), and a
signed-in course page made seven.

``cache.clear()`` on the shared cache removes the version, so every key changes: nothing
kept in memory is read again after it.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache


class TieredCache(BaseCache):
    """``LOCATION`` names the shared cache's alias; ``OPTIONS["MAX_ENTRIES"]`` bounds the
    memory cache of each process, and ``OPTIONS["LOCAL_TIMEOUT"]`` (seconds) how long it
    keeps an entry: a page whose text depends on the clock (an enrolment window that
    closes) should not live on in memory for the shared cache's whole hour."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._shared_alias = location or "default"
        options = params.get("OPTIONS", {})
        self._local_timeout = int(options.get("LOCAL_TIMEOUT", 60))
        self._local = LocMemCache(
            f"huitong-tiered-{self._shared_alias}",
            {
                "TIMEOUT": self._local_timeout,
                "OPTIONS": {"MAX_ENTRIES": options.get("MAX_ENTRIES", 500)},
            },
        )

    def _local_ttl(self, timeout: Any) -> Any:
        if isinstance(timeout, int | float) and timeout < self._local_timeout:
            return timeout
        return self._local_timeout

    @property
    def _shared(self) -> BaseCache:
        return caches[self._shared_alias]

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        missing = object()
        value = self._local.get(key, missing, version=version)
        if value is not missing:
            return value
        value = self._shared.get(key, missing, version=version)
        if value is missing:
            return default
        self._local.set(key, value, timeout=self._local_timeout, version=version)
        return value

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._shared.set(key, value, timeout=timeout, version=version)
        self._local.set(key, value, timeout=self._local_ttl(timeout), version=version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        added = self._shared.add(key, value, timeout=timeout, version=version)
        if added:
            self._local.set(key, value, timeout=self._local_ttl(timeout), version=version)
        return added

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        self._local.touch(key, timeout=self._local_ttl(timeout), version=version)
        return self._shared.touch(key, timeout=timeout, version=version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        self._local.delete(key, version=version)
        return self._shared.delete(key, version=version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._local.has_key(key, version=version) or self._shared.has_key(
            key, version=version
        )

    def clear(self) -> None:
        self._local.clear()
        self._shared.clear()
