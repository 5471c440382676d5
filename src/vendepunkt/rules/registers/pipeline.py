"""One pass over a stream of facts: select, map, validate, write, digest and diff.

The facts arrive in course order from any iterable (the database in chunks, or synthetic facts in
the benchmark); nothing is collected: each row is written and forgotten, findings and changes are
counted with only the first few kept. Memory does not grow with the number of courses.

File format (docs/registers.md): CSV as in RFC 4180 with `;` as separator, UTF-8 without BOM,
CRLF line ends, one header line with the register's variable names, dates as YYYY-MM-DD, codes
from `codes.yaml`, empty for unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from . import adapter
from .codes import Codes, load_codes
from .diff import DiffSummary, StreamingDiff, digests
from .model import CourseFacts, FindingTally, Period, SubstitutionFacts
from .validation import extract_notes, validate_row

DELIMITER = ";"


class _HashingSink:
    """What csv.writer writes to: text encoded once, hashed and passed on (or only hashed)."""

    def __init__(self, out: BinaryIO | None):
        self.out = out
        self.sha256 = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.sha256.update(data)
        self.bytes += len(data)
        if self.out is not None:
            self.out.write(data)
        return len(text)


@dataclass
class ExtractResult:
    register: str
    period: str
    rows: int = 0
    skipped: int = 0
    sha256: str = ""
    bytes: int = 0
    findings: FindingTally = field(default_factory=FindingTally)
    diff: DiffSummary | None = None

    @property
    def ok(self) -> bool:
        return self.findings.errors == 0


def run_extract(
    register_id: str,
    facts: Iterable[CourseFacts | SubstitutionFacts],
    period: Period,
    *,
    today: dt.date,
    digest_key: bytes,
    out: BinaryIO | None = None,
    previous: Iterable[tuple[str, Mapping[str, str]]] | None = None,
    on_row: Callable[[str, dict[str, str], CourseFacts | SubstitutionFacts], None] | None = None,
    progress: Callable[[int], None] | None = None,
    codes: Codes | None = None,
) -> ExtractResult:
    """Stream `facts` (in increasing course order) into the register's file on `out` (None:
    validate only, the hash is still computed). `previous` (the last submission's digests in key
    order) gives the diff; `on_row` receives each written row's key and digests."""
    codes = codes or load_codes()
    register = codes.registers[register_id]
    result = ExtractResult(register=register_id, period=str(period))
    for note in extract_notes(register):
        result.findings.add(note)
    sink = _HashingSink(out)
    writer = csv.writer(sink, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(register.columns)
    merger = StreamingDiff(previous) if previous is not None else None
    for item in facts:
        if progress:
            progress(1)
        if not adapter.include(register, item, period):
            result.skipped += 1
            continue
        row = adapter.to_row(register, item, period, codes)
        for finding in validate_row(register, item, row, period, today):
            result.findings.add(finding)
        writer.writerow(row.values.values())
        result.rows += 1
        digest = digests(row, digest_key)
        if merger is not None:
            merger.push(row.key, digest)
        if on_row is not None:
            on_row(row.key, digest, item)
    result.sha256 = sink.sha256.hexdigest()
    result.bytes = sink.bytes
    if merger is not None:
        result.diff = merger.finish()
    return result
