"""The difference between two submissions for the same register and period, row by row and
field by field, in one pass and with memory that does not grow with the number of rows.

A submission is remembered as a digest per row key and field (see `digests`): a keyed hash, so
the stored snapshot holds no personal data and cannot be tested against guessed CPR numbers
without the key. Both sides are streams sorted by key.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Row


def digests(row: Row, key: bytes) -> dict[str, str]:
    """A 16-hex-digit keyed digest per field (the field name is part of the message)."""
    return {
        name: hmac.new(key, f"{name}\x1f{value}".encode(), hashlib.sha256).hexdigest()[:16]
        for name, value in row.values.items()
    }


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed
    key: str
    fields: tuple[str, ...] = ()


@dataclass
class DiffSummary:
    """Counts of every change; the first `keep` changes kept for display."""

    keep: int = 200
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    fields_changed: dict[str, int] = field(default_factory=dict)

    def note(self, change: Change) -> None:
        setattr(self, change.kind, getattr(self, change.kind) + 1)
        for name in change.fields:
            self.fields_changed[name] = self.fields_changed.get(name, 0) + 1
        if len(self.changes) < self.keep:
            self.changes.append(change)

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "fields_changed": dict(sorted(self.fields_changed.items())),
            "changes": [
                {"kind": c.kind, "key": c.key, "fields": list(c.fields)} for c in self.changes
            ],
            "truncated": self.total > len(self.changes),
        }


class StreamingDiff:
    """Feed the new rows in key order with `push`; the previous submission's rows are read from
    `previous` (an iterator of (key, digests) in key order) as far as needed. `finish` drains it."""

    def __init__(self, previous: Iterable[tuple[str, Mapping[str, str]]], keep: int = 200):
        self._previous: Iterator[tuple[str, Mapping[str, str]]] = iter(previous)
        self._pending: tuple[str, Mapping[str, str]] | None = None
        self._last_key: str | None = None
        self.summary = DiffSummary(keep=keep)
        self._advance()

    def _advance(self) -> None:
        self._pending = next(self._previous, None)

    def push(self, key: str, new: Mapping[str, str]) -> None:
        if self._last_key is not None and key <= self._last_key:
            raise ValueError("rows must come in increasing key order")
        self._last_key = key
        while self._pending is not None and self._pending[0] < key:
            self.summary.note(Change("removed", self._pending[0]))
            self._advance()
        if self._pending is not None and self._pending[0] == key:
            old = self._pending[1]
            changed = tuple(sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n)))
            if changed:
                self.summary.note(Change("changed", key, changed))
            else:
                self.summary.unchanged += 1
            self._advance()
        else:
            self.summary.note(Change("added", key))

    def finish(self) -> DiffSummary:
        while self._pending is not None:
            self.summary.note(Change("removed", self._pending[0]))
            self._advance()
        return self.summary


def diff(
    previous: Iterable[tuple[str, Mapping[str, str]]],
    current: Iterable[tuple[str, Mapping[str, str]]],
    keep: int = 200,
) -> DiffSummary:
    merger = StreamingDiff(previous, keep=keep)
    for key, digest in current:
        merger.push(key, digest)
    return merger.finish()
