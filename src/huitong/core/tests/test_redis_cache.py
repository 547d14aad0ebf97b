"""The Redis cache keeps one client per connection pool (Django's builds one per
operation). The whole suite runs on this backend in CI's PostgreSQL + Redis pass; these
tests need no server, since building a client does not connect."""

from __future__ import annotations

from typing import Any

from huitong.core.redis_cache import RedisCache, RedisCacheClient


def test_operations_share_one_client_per_pool() -> None:
    client = RedisCacheClient(["redis://127.0.0.1:1/0"])
    first = client.get_client("a")
    assert client.get_client("b") is first
    assert client.get_client("c", write=True) is first  # one server: one pool for both


def test_with_replicas_reads_and_writes_keep_their_own_clients() -> None:
    client = RedisCacheClient(["redis://127.0.0.1:1/0", "redis://127.0.0.1:2/0"])
    writer = client.get_client(write=True)
    reader = client.get_client()
    assert reader is not writer
    assert client.get_client() is reader
    assert writer.connection_pool.connection_kwargs["port"] == 1
    assert reader.connection_pool.connection_kwargs["port"] == 2


def test_the_backend_uses_the_sharing_client() -> None:
    cache: Any = RedisCache("redis://127.0.0.1:1/0", {})
    assert isinstance(cache._cache, RedisCacheClient)
