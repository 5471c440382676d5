"""The shared cache (issue 11 § 5, D46b): with CACHE_URL/REDIS_URL the per-token API rate limit
counts across all processes, and clearing the cache removes only this installation's keys. The
PostgreSQL tier runs with Redis (Makefile: REDIS_URL, VENDEPUNKT_EXPECT_CACHE=redis) and these
tests never skip there; the SQLite tier, the embedded default without Redis, skips them unless
REDIS_URL is given."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(__file__).resolve().parents[2]
LIMIT = 12
CALLS_EACH = 10

# One process of the application: the API's own rate_limit for one token, at a pinned instant
# (so the window cannot turn during the test), after a start signal shared by both processes.
WORKER = textwrap.dedent(
    """
    import os, sys, time, types
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
    django.setup()
    import vendepunkt.ratelimit
    from vendepunkt.api.core import RateLimited, rate_limit

    vendepunkt.ratelimit.time = types.SimpleNamespace(time=lambda: 1_000_000_000.0)
    start = sys.argv[1]
    while not os.path.exists(start):
        time.sleep(0.01)
    allowed = 0
    for _ in range(int(sys.argv[2])):
        try:
            rate_limit(sys.argv[3])
            allowed += 1
        except RateLimited:
            pass
    print(allowed)
    """
)


def redis_configured() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


@pytest.fixture
def shared_cache():
    if not redis_configured():
        assert os.environ.get("VENDEPUNKT_EXPECT_CACHE") != "redis", "the tier asks for Redis"
        pytest.skip("no shared cache configured (CACHE_URL/REDIS_URL): the embedded default")
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_the_rate_limit_per_token_holds_across_two_processes(shared_cache, tmp_path):
    start = tmp_path / "start"
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT / "src"),
        "VENDEPUNKT_API_RATE_LIMIT": str(LIMIT),
        "VENDEPUNKT_API_RATE_WINDOW": "60",
        "VENDEPUNKT_CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start), str(CALLS_EACH), "token:4711"],
            env=env,
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)
    start.touch()
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    # 20 calls, 12 allowed in all: each process alone would have allowed 10 of its 10.
    assert sum(allowed) == LIMIT, allowed
    assert all(n > 0 for n in allowed), allowed  # both counted, neither alone


def test_clearing_removes_only_this_installations_keys(shared_cache):
    from django.core.cache.backends.redis import RedisCache

    from vendepunkt.cache import PrefixedRedisCache

    location = settings.CACHES["default"]["LOCATION"]
    other_prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-other"
    other = PrefixedRedisCache(location, {"KEY_PREFIX": other_prefix})
    try:
        other.set("neighbour", 1)
        shared_cache.set("mine", 1)
        shared_cache.clear()
        assert shared_cache.get("mine") is None
        assert other.get("neighbour") == 1
    finally:
        RedisCache.delete(other, "neighbour")
