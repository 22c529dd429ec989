"""pytest imports the suite's test modules by basename (no package ``__init__`` in their folders): two modules with
one name in different folders make it refuse one of them when both folders run together, as ``pytest tests`` does."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_basename() -> None:
    modules = [path for path in TESTS.rglob("test_*.py") if "cases" not in path.parts and "repo" not in path.parts]
    twice = {name: count for name, count in Counter(path.name for path in modules).items() if count > 1}
    assert twice == {}, twice
