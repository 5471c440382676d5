"""`python -m vendepunkt.rules.standards FILE [--seed DOC=PATH …]`: validate a standard file while
writing it, and check that its quotes stand in the named seed documents."""

import sys
from pathlib import Path

from .loader import StandardFileError, load_standard
from .provenance import quotes, unmatched_quotes

args = sys.argv[1:]
seeds = {}
files = []
while args:
    arg = args.pop(0)
    if arg == "--seed":
        doc, _, path = args.pop(0).partition("=")
        seeds[doc] = Path(path).read_text(encoding="utf-8")
    else:
        files.append(arg)

status = 0
for name in files:
    try:
        loaded = load_standard(name)
    except StandardFileError as exc:
        status = 2
        print(f"{name}: ugyldig / invalid")
        for problem in exc.problems:
            print(f"  {problem}")
        continue
    std = loaded.standard
    print(
        f"{name}: gyldig / valid — {std.id}: {len(std.services)} services, "
        f"{len(std.deadlines)} deadlines, {len(std.complaints.routes)} complaint routes, "
        f"{sum(1 for _ in quotes(loaded.data))} quotes"
    )
    if seeds:
        for where, quote in unmatched_quotes(loaded.data, seeds):
            status = 1
            print(f"  quote not found in seed at {where}: {quote[:80]!r}")
sys.exit(status)
