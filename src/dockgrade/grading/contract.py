"""What a grader promises the plugin, checked when the graders are collected rather than found out by a student.

A check's ``requires=`` names earlier checks of its own exercise; a typo or a check defined later would
silently drop the prerequisite (the report has no such result when the check runs), so collection stops
instead, naming the grader, the check and the bad name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class DeclaredCheck:
    """One collected check, as its grader declared it, in collection (= run) order."""

    where: str  # the grader file, for the author's message
    exercise: str
    name: str
    requires: tuple[str, ...] = ()


def problems(checks: Iterable[DeclaredCheck]) -> list[str]:
    """Every ``requires=`` that names no earlier check of the same exercise, as a message for the grader's author."""
    found: list[str] = []
    seen: dict[str, set[str]] = {}
    declared: dict[str, set[str]] = {}
    ordered = list(checks)
    for check in ordered:
        declared.setdefault(check.exercise, set()).add(check.name)
    for check in ordered:
        earlier = seen.setdefault(check.exercise, set())
        for required in check.requires:
            if required in earlier:
                continue
            why = "is defined after it" if required in declared[check.exercise] else "is not a check of the exercise"
            found.append(f"{check.where}: check {check.name!r} requires {required!r}, which {why}")
        earlier.add(check.name)
    return found


def problems_of(module: ModuleType) -> list[str]:
    """The contract problems of one grader module: its checks in definition order, whatever was selected to run
    (``-k`` or a single check must not hide, nor invent, a broken ``requires=``)."""
    where = Path(getattr(module, "__file__", "") or module.__name__).name
    exercise = str(getattr(module, "EXERCISE", where))
    return problems(
        DeclaredCheck(where, exercise, name.removeprefix("test_"), tuple(mark.kwargs.get("requires", ())))
        for name, function in vars(module).items()
        if name.startswith("test_")
        for mark in getattr(function, "pytestmark", [])
        if mark.name == "check"
    )
