"""The shared cache (issue 11 § 5, D46b): Django's Redis cache, except that clearing it removes
only the keys under this installation's KEY_PREFIX, not the whole Redis database, so that several
installations or test runs can share one Redis server."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*"
        batch: list[bytes] = []
        for name in client.scan_iter(match=pattern, count=500):
            batch.append(name)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
