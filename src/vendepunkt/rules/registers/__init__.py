"""Register reporting (R41; issue 6 § 4): the variable sets and code lists as data
(`codes.yaml`), the adapter from Vendepunkt's facts to register rows, validation before sending,
the diff between two submissions and the one-pass pipeline that writes an extract.

Pure: no Django, no clock (today is an argument), no I/O but the code file and the output stream
given. See docs/registers.md.
"""

from .adapter import include, key_for, to_row
from .codes import Codes, CodesFileError, load_codes
from .diff import Change, DiffSummary, StreamingDiff, diff, digests
from .model import (
    REGISTERS,
    CourseFacts,
    Finding,
    FindingTally,
    Period,
    PeriodError,
    Row,
    Severity,
    SubstitutionFacts,
)
from .pipeline import ExtractResult, run_extract
from .validation import extract_notes, validate_row

__all__ = [
    "REGISTERS",
    "Change",
    "Codes",
    "CodesFileError",
    "CourseFacts",
    "DiffSummary",
    "ExtractResult",
    "Finding",
    "FindingTally",
    "Period",
    "PeriodError",
    "Row",
    "Severity",
    "StreamingDiff",
    "SubstitutionFacts",
    "diff",
    "digests",
    "extract_notes",
    "include",
    "key_for",
    "load_codes",
    "run_extract",
    "to_row",
    "validate_row",
]
