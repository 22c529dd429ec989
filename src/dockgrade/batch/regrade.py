"""What changed for each student since the class was last graded into the same folder.

A batch run again after students push reads the previous ``results.json`` before writing its own: per
student, the repository version before and after, the total before and after, and the checks that newly
passed or newly fail. A student graded for the first time has no change to report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dockgrade.batch.runner import StudentResult


@dataclass(frozen=True)
class Change:
    """One student's news between two gradings."""

    before_version: str
    after_version: str
    before_total: float
    after_total: float
    newly_passed: list[str] = field(default_factory=list)
    newly_failed: list[str] = field(default_factory=list)

    @property
    def new_commit(self) -> bool:
        return self.before_version != self.after_version

    @property
    def delta(self) -> float:
        return self.after_total - self.before_total

    @property
    def anything(self) -> bool:
        return self.new_commit or bool(self.delta or self.newly_passed or self.newly_failed)


def changes(previous: list[StudentResult], current: list[StudentResult]) -> dict[str, Change]:
    """Per student graded both times, what changed (an unchanged student gets a ``Change`` with no news)."""
    before = {result.student: result for result in previous}
    return {result.student: change(before[result.student], result) for result in current if result.student in before}


def change(before: StudentResult, after: StudentResult) -> Change:
    """The news between two results of one student."""
    passed_before, passed_after = _passed(before.report), _passed(after.report)
    ran_after = _outcomes(after.report)
    return Change(
        before_version=before.version,
        after_version=after.version,
        before_total=_total(before.report),
        after_total=_total(after.report),
        newly_passed=sorted(passed_after - passed_before),
        # A check that was passing and now does not pass (failed, not run, absent): what the push broke.
        newly_failed=sorted(check for check in passed_before - passed_after if check in ran_after),
    )


def _outcomes(report: dict[str, Any]) -> dict[str, str]:
    return {check["id"]: check["outcome"] for check in report.get("checks") or []}


def _passed(report: dict[str, Any]) -> set[str]:
    return {check for check, outcome in _outcomes(report).items() if outcome == "passed"}


def _total(report: dict[str, Any]) -> float:
    return float(report.get("score", 0) or 0)
