"""Who reads a report: the student (hidden checks masked) or the instructor (everything).

A check marked ``@check(..., hidden=True)`` still counts its points in every output, so totals
agree everywhere; in the student view its id, title, message, hint and log tail are replaced by
a neutral "hidden check" line. The JSON report is always the instructor's (it keeps each
check's ``hidden`` flag); Gradescope gets every check and masks hidden ones itself
(see ``gradescope.VISIBILITY``).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from dockgrade.core import messages
from dockgrade.core.results import CheckResult, Outcome, Report


class View(StrEnum):
    """The audience of the human-facing outputs (terminal, HTML, JUnit, GitHub Classroom)."""

    STUDENT = "student"
    INSTRUCTOR = "instructor"


def masked(result: CheckResult, label: str = "hidden") -> CheckResult:
    """``result`` as a student may see it: a hidden check keeps its points and outcome, nothing else."""
    if not result.hidden:
        return result
    failed = result.outcome in (Outcome.FAILED, Outcome.ERRORED)
    # "Not handed in" and "superseded by step X" say nothing about the hidden check itself: they stay.
    said = result.outcome in (Outcome.ABSENT, Outcome.SUPERSEDED)
    return replace(
        result,
        check=label,
        title=messages.text("reports.hidden.title"),
        message=result.message if said else messages.text("reports.hidden.failed") if failed else "",
        hint=None,
        details="",
        cause="",
    )


def for_view(report: Report, view: View) -> Report:
    """The report ``view`` may read; in the student's, hidden checks become ``hidden-1``, ``hidden-2``… per exercise."""
    if view is View.INSTRUCTOR:
        return report
    counts: dict[str, int] = {}
    results = []
    for result in report.results:
        if result.hidden:
            counts[result.exercise] = counts.get(result.exercise, 0) + 1
            result = masked(result, f"hidden-{counts[result.exercise]}")
        results.append(result)
    return Report(results, list(report.substitutions), list(report.advice))
