"""One fixed-window counter in Django's default cache, used by the API's limit per token and the
public pages' limit per address (issue 10 § 5)."""

from __future__ import annotations

import logging
import math
import time

from django.core.cache import cache

log = logging.getLogger("vendepunkt.ratelimit")


def retry_after(key: str, limit: int, window: int) -> int | None:
    """Count one request under `key` in the current window of `window` seconds; the seconds to
    wait when it is over `limit`, else None."""
    now = time.time()
    slot = int(now // window)
    name = f"{key}:{slot}"
    cache.add(name, 0, timeout=window + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # evicted between add and incr
        cache.set(name, 1, timeout=window + 1)
        count = 1
    if count > limit:
        # The scope only ("vendepunkt-api-rate"): the rest of the key is a token's id or a
        # visitor's address, and an address is personal data.
        log.warning(
            "rate_limited", extra={"scope": key.split(":", 1)[0], "limit": limit, "window": window}
        )
        return max(1, math.ceil((slot + 1) * window - now))
    return None
