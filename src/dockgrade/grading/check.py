"""What a grader file uses: the ``check`` marker and assertions that speak to the student."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

import pytest

from dockgrade.core import messages
from dockgrade.core.errors import CheckFailed, Mismatch, Missing

_SHOWN = 120
# A check function keeps its own signature under @check, so graders type-check strictly.
Check = TypeVar("Check", bound=Callable[..., object])
Present = TypeVar("Present")


def check(
    points: float, requires: Iterable[str] = (), gate: bool = False, hidden: bool = False, superseded_by: str = ""
) -> Callable[[Check], Check]:
    """Mark a test function as a graded check.

    Args:
        points: its weight in the exercise's score.
        requires: ids of checks (same exercise) that must pass for this one to run.
        gate: when this check does not pass, every later check of the exercise is not run.
        hidden: shown to instructors, masked in student-facing outputs.
        superseded_by: the later lecture step (exercise id) that deliberately changes what this check observes:
            graded on the project's final folder, the check is superseded (out of the maximum), not run.
    """
    later = {"superseded_by": superseded_by} if superseded_by else {}
    mark = pytest.mark.check(points=points, requires=tuple(requires), gate=gate, hidden=hidden, **later)

    def marked(function: Check) -> Check:
        return cast(Check, mark(function))  # the mark returns the very function, now carrying it

    return marked


def shown(value: object) -> str:
    """A value as the student should see it: raw, one line, truncated."""
    text = value.strip() if isinstance(value, str) else repr(value)
    text = text.replace("\n", "⏎")
    text = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
    return repr(text) if isinstance(value, str) else text


def expect_equal(actual: object, expected: object, what: str, hint: str | None = None) -> None:
    """Fail with "<what>: esperado X, obtido Y" unless ``actual == expected``."""
    __tracebackhide__ = True
    if actual != expected:
        detail = messages.text("expected_got", expected=shown(expected), actual=shown(actual))
        raise Mismatch(f"{what}: {detail}", expected, actual, hint)


def expect_in(item: str, container: str, what: str, hint: str | None = None, ignore_case: bool = False) -> None:
    """Fail unless ``item`` occurs in ``container`` (e.g. a text in a page)."""
    __tracebackhide__ = True
    found = item.lower() in container.lower() if ignore_case else item in container
    if not found:
        detail = messages.text("expected_got", expected=f"… {shown(item)} …", actual=shown(container))
        raise Mismatch(f"{what}: {detail}", item, container, hint)


def expect(condition: object, message: str, hint: str | None = None) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    __tracebackhide__ = True
    if not condition:
        raise CheckFailed(message, hint)


def require(value: Present | None, item: str, where: str, message: str, hint: str | None = None) -> Present:
    """Return ``value`` or fail with ``Missing`` when it is empty/None."""
    __tracebackhide__ = True
    if not value:
        raise Missing(message, item, where, hint)
    return value
