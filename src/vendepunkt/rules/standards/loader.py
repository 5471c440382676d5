"""Load a standard file: YAML → a validated, immutable `Standard`, or a clear `StandardFileError`.

The flow:
1. read the bytes (size-capped) and decode them as UTF-8;
2. compose the YAML node tree (safe loader), rejecting duplicate keys, anchors/aliases and
   non-string keys, and remember the line of every path in the file;
3. validate the plain data with the pydantic schema;
4. turn any problem into `Problem`s that name the file, the line, the field, what was found
   and what was expected, in Danish and English. Nothing else escapes as an exception.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .schema import Standard

MAX_FILE_BYTES = 2_000_000
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    found: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.found} — {self.expected}"


class StandardFileError(Exception):
    """A standard file that cannot be loaded; `problems` says exactly why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedStandard:
    standard: Standard
    path: Path
    lines: dict[Path_, int]
    sha256: str
    data: dict[str, Any]

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor present in the file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def load_standard(path: str | Path) -> LoadedStandard:
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StandardFileError(
            [
                _problem(
                    name,
                    None,
                    "",
                    f"filen kan ikke læses / cannot read the file ({exc.strerror})",
                    "en læsbar YAML-fil / a readable YAML file",
                )
            ]
        ) from None
    return load_standard_text(raw, name=name, path=path)


def load_standard_text(
    raw: bytes | str, *, name: str = "<text>", path: Path | None = None
) -> LoadedStandard:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_FILE_BYTES:
        raise StandardFileError(
            [
                _problem(
                    name,
                    None,
                    "",
                    f"filen er {len(raw)} bytes / file is {len(raw)} bytes",
                    f"højst / at most {MAX_FILE_BYTES} bytes",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StandardFileError(
            [
                _problem(
                    name,
                    None,
                    "",
                    f"ugyldig UTF-8 ved byte {exc.start} / invalid UTF-8 at byte {exc.start}",
                    "tekst i UTF-8 / UTF-8 text",
                )
            ]
        ) from None
    data, lines = _parse_yaml(text, name)
    try:
        standard = Standard.model_validate(data)
    except ValidationError as exc:
        raise StandardFileError(
            [_from_pydantic(name, err, lines) for err in exc.errors()]
        ) from None
    return LoadedStandard(
        standard=standard,
        path=path or Path(name),
        lines=lines,
        sha256=hashlib.sha256(raw).hexdigest(),
        data=data,
    )


# --- YAML with line numbers ----------------------------------------------------------------


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise StandardFileError(
            [
                _problem(
                    name,
                    line,
                    "",
                    f"YAML-syntaksfejl / YAML syntax error: {exc.problem}",
                    "gyldig YAML / valid YAML",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise StandardFileError(
            [_problem(name, None, "", f"YAML-fejl / YAML error: {exc}", "gyldig YAML / valid YAML")]
        ) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise StandardFileError(
            [
                _problem(
                    name,
                    None,
                    "",
                    f"YAML kan ikke læses / unreadable YAML: {exc}",
                    "gyldig YAML / valid YAML",
                )
            ]
        ) from None
    if node is None:
        raise StandardFileError(
            [
                _problem(
                    name,
                    None,
                    "",
                    "filen er tom / the file is empty",
                    "en kvalitetsstandard / a quality standard",
                )
            ]
        )
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    data = _to_python(node, (), lines, problems, name, set())
    if problems:
        raise StandardFileError(problems)
    if not isinstance(data, dict):
        raise StandardFileError(
            [
                _problem(
                    name,
                    node.start_mark.line + 1,
                    "",
                    "dokumentet er ikke en mapping / the document is not a mapping",
                    "nøgler og værdier på øverste niveau / keys and values at the top level",
                )
            ]
        )
    return data, lines


def _to_python(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    problems: list[Problem],
    name: str,
    seen: set[int],
) -> Any:
    if id(node) in seen:
        problems.append(
            _problem(
                name,
                node.start_mark.line + 1,
                _dotted(path),
                "anker/alias brugt / anchor or alias used",
                "skriv værdien ud / write the value out",
            )
        )
        return None
    seen.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                problems.append(
                    _problem(
                        name,
                        key_node.start_mark.line + 1,
                        _dotted(path),
                        f"nøglen {key_node.value!r} er ikke tekst / key is not text",
                        "en nøgle i tekst / a text key",
                    )
                )
                continue
            key = key_node.value
            if key in result:
                problems.append(
                    _problem(
                        name,
                        key_node.start_mark.line + 1,
                        _dotted((*path, key)),
                        f"nøglen '{key}' står to gange / key '{key}' appears twice",
                        "hver nøgle én gang / each key once",
                    )
                )
                continue
            result[key] = _to_python(value_node, (*path, key), lines, problems, name, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*path, i), lines, problems, name, seen)
            for i, item in enumerate(node.value)
        ]
    try:
        return yaml.SafeLoader(" ").construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        problems.append(
            _problem(
                name,
                node.start_mark.line + 1,
                _dotted(path),
                f"ugyldig værdi {node.value!r} / invalid value ({exc})",
                "en gyldig skalar / a valid scalar",
            )
        )
        return None


# --- messages ------------------------------------------------------------------------------

_DANISH = {
    "missing": "feltet mangler",
    "extra_forbidden": "ukendt felt",
    "enum": "ikke en af de tilladte værdier",
    "literal_error": "ikke en af de tilladte værdier",
    "string_pattern_mismatch": "forkert form",
    "int_parsing": "ikke et heltal",
    "int_type": "ikke et heltal",
    "float_parsing": "ikke et tal",
    "bool_parsing": "ikke sand/falsk",
    "date_from_datetime_parsing": "ikke en dato",
    "date_parsing": "ikke en dato",
    "date_type": "ikke en dato",
    "dict_type": "ikke en mapping",
    "list_type": "ikke en liste",
    "tuple_type": "ikke en liste",
    "string_type": "ikke tekst",
    "value_error": "ugyldig værdi",
}


def _from_pydantic(name: str, err: ErrorDetails, lines: dict[Path_, int]) -> Problem:
    loc = tuple(err["loc"])
    line = None
    probe = loc
    while probe:
        if probe in lines:
            line = lines[probe]
            break
        probe = probe[:-1]
    kind = err["type"]
    danish = _DANISH.get(kind, "ugyldig værdi")
    if kind == "missing":
        found = "feltet mangler / the field is missing"
        expected = "skriv feltet (null hvis standarden lader det åbent) / write the field (null if the standard leaves it open)"
    elif kind == "extra_forbidden":
        found = f"ukendt felt / unknown field '{loc[-1]}'"
        expected = "kun felter fra skemaet / only fields of the schema (see docs/standards.md)"
    else:
        found = f"{danish} / {_short(err.get('input'))}"
        expected = err["msg"]
    return _problem(name, line, _dotted(loc), found, expected)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(file: str, line: int | None, field: str, found: str, expected: str) -> Problem:
    return Problem(file=file, line=line, field=field, found=found, expected=expected)
