"""Hypothesis fuzz of the loader: random and mutated files give a valid standard or a clear
StandardFileError, never another exception."""

import copy

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendepunkt.rules.standards.loader import Problem, StandardFileError, load_standard_text
from vendepunkt.rules.standards.registry import SHIPPED_DIR

BASE = (SHIPPED_DIR / "hjoerring.yaml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines(keepends=True)
BASE_DATA = yaml.load(BASE, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def check(raw) -> None:
    try:
        load_standard_text(raw, name="fuzz.yaml")
    except StandardFileError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.file == "fuzz.yaml"
            assert problem.found and problem.expected
            str(problem)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    check(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_random_text(text):
    check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASE_LINES) - 1), st.integers(0, 3), st.text(max_size=40))
def test_mutated_lines_of_a_shipped_file(index, how, junk):
    lines = list(BASE_LINES)
    if how == 0:
        del lines[index]
    elif how == 1:
        lines[index] = junk + "\n"
    elif how == 2:
        lines.insert(index, lines[index])
    else:
        lines[index] = lines[index][: len(lines[index]) // 2] + "\n"
    check("".join(lines))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BASE_DATA)), values)
def test_replaced_top_level_values(key, value):
    data = copy.deepcopy(BASE_DATA)
    data[key] = value
    try:
        text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True)
    except yaml.YAMLError:
        return
    check(text)
