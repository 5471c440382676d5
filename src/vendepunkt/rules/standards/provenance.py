"""Check that a standard file's quotes really stand in its seed document.

A quote is compared after normalising both texts: HTML tags and Markdown emphasis removed,
typographic quotes and dashes folded, whitespace collapsed, case ignored. A quote that is not
found means the file claims something its seed does not say.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_TAG = re.compile(r"<[^>]+>")
_FOLD = str.maketrans(
    {"”": '"', "“": '"', "„": '"', "’": "'", "‘": "'", "–": "-", "—": "-", "\u00ad": None}
)


def normalise(text: str) -> str:
    text = _TAG.sub(" ", text).replace("**", "").replace("*", "").translate(_FOLD)
    text = text.replace("-\n", "-")
    return " ".join(text.split()).casefold()


def quotes(
    data: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Yield (path, doc, quote) for every source with a quote in the plain data."""
    if isinstance(data, dict):
        src = data.get("source")
        if isinstance(src, dict) and src.get("quote"):
            yield (*path, "source"), src.get("doc", ""), src["quote"]
        for key, value in data.items():
            yield from quotes(value, (*path, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from quotes(item, (*path, i))


def unmatched_quotes(data: Any, seeds: dict[str, str]) -> list[tuple[tuple[str | int, ...], str]]:
    """Quotes whose text is not found in the seed they name (`seeds`: doc key → seed text)."""
    normalised = {doc: normalise(text) for doc, text in seeds.items()}
    missing = []
    for path, doc, quote in quotes(data):
        seed = normalised.get(doc)
        if seed is None or normalise(quote) not in seed:
            missing.append((path, quote))
    return missing
