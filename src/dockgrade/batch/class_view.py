"""What an instructor sees of a class: a students × exercises matrix, the totals' spread, and which exercises and
checks the class fails most, each with its most common message (what to revisit in class).

Built from a batch's results; the class page (``templates/class_page.html.j2``) renders it. A student whose
grading erred (an error row, or a check the grader or the engine broke) is flagged apart: their score says
nothing about their work.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dockgrade.batch.regrade import Change
from dockgrade.batch.runner import StudentResult, grader_errors

BINS = 10
_MESSAGE_CHARS = 240


@dataclass(frozen=True)
class Cell:
    """One student's result on one exercise: ``full``, ``partial``, ``zero``, ``absent``, ``erred`` or ``none``
    (not graded for this student); ``superseded`` when a later step replaced some of its checks."""

    exercise: str
    state: str
    score: float = 0.0
    max_score: float = 0.0
    superseded: bool = False

    @property
    def percent(self) -> int:
        return _percent(self.score, self.max_score)


@dataclass(frozen=True)
class Row:
    """One student: the matrix row, the total and whether their grading erred (and why)."""

    student: str
    slug: str
    status: str
    total: float
    max_score: float
    cells: list[Cell]
    erred: str = ""
    change: Change | None = None

    @property
    def percent(self) -> int:
        return _percent(self.total, self.max_score)


@dataclass(frozen=True)
class Share:
    """How many of the class lost points on an exercise or a check, and the message most of them got."""

    key: str
    exercise: str
    title: str
    failed: int
    graded: int
    message: str = ""
    absent: int = 0

    @property
    def percent(self) -> int:
        return _percent(self.failed, self.graded)


@dataclass
class ClassView:
    """Everything the class page shows."""

    exercises: list[str]
    rows: list[Row]
    histogram: list[int] = field(default_factory=list)
    exercise_shares: list[Share] = field(default_factory=list)
    check_shares: list[Share] = field(default_factory=list)

    @property
    def erred(self) -> list[Row]:
        return [row for row in self.rows if row.erred]


def build(results: list[StudentResult], slugs: dict[str, str], changes: dict[str, Change]) -> ClassView:
    """The class view of ``results``; ``slugs`` names each student's folder, ``changes`` the re-grade's news."""
    exercises = exercise_ids(results)
    rows = [_row(result, exercises, slugs[result.student], changes.get(result.student)) for result in results]
    graded = [result for result in results if result.status != "error"]
    return ClassView(
        exercises=exercises,
        rows=rows,
        histogram=histogram([row for row in rows if row.status != "error"]),
        exercise_shares=exercise_shares(graded, exercises),
        check_shares=check_shares(graded),
    )


def exercise_ids(results: list[StudentResult]) -> list[str]:
    """Every exercise graded for anyone, in first-seen order."""
    seen: dict[str, None] = {}
    for result in results:
        for exercise in result.report.get("exercises", []):
            seen.setdefault(exercise["id"], None)
    return list(seen)


def cell_of(report: dict[str, Any], exercise: str) -> Cell:
    """One exercise's cell: absent, erred (the grader's fault), or by the points earned."""
    entry = next((e for e in report.get("exercises", []) if e["id"] == exercise), None)
    if entry is None:
        return Cell(exercise, "none")
    checks = [check for check in report.get("checks", []) if check["exercise"] == exercise]
    superseded = any(check["outcome"] == "superseded" for check in checks)
    score, possible = float(entry["score"]), float(entry["max_score"])
    if entry.get("absent"):
        state = "absent"
    elif grader_errors({"checks": checks}):
        state = "erred"
    else:
        state = "full" if score >= possible else "zero" if score == 0 else "partial"
    return Cell(exercise, state, score, possible, superseded)


def histogram(rows: list[Row]) -> list[int]:
    """How many students' totals fall in each tenth of the maximum (the last bin includes 100 %)."""
    counts = [0] * BINS
    for row in rows:
        counts[min(row.percent * BINS // 100, BINS - 1)] += 1
    return counts


def exercise_shares(graded: list[StudentResult], exercises: list[str]) -> list[Share]:
    """Per exercise, the students who handed it in and lost points on it; most failed first."""
    shares = []
    for exercise in exercises:
        cells = [cell_of(result.report, exercise) for result in graded]
        lost = [result for result, cell in zip(graded, cells, strict=True) if cell.state in ("partial", "zero")]
        messages = [m for result in lost for m in _failure_messages(result.report, exercise)]
        shares.append(
            Share(
                key=exercise,
                exercise=exercise,
                title=exercise,
                failed=len(lost),
                graded=sum(1 for cell in cells if cell.state in ("full", "partial", "zero")),
                message=_most_common(messages),
                absent=sum(1 for cell in cells if cell.state == "absent"),
            )
        )
    return sorted(shares, key=lambda share: (-share.percent, -share.failed, share.key))


def check_shares(graded: list[StudentResult]) -> list[Share]:
    """Per check that anyone failed, the share of the students it ran for who failed it; most failed first (a
    check left not run behind a failed one is charged to that one, not counted twice)."""
    outcomes: dict[str, list[dict[str, Any]]] = {}
    for result in graded:
        for check in result.report.get("checks", []):
            if check["outcome"] not in ("absent", "superseded", "not_run"):
                outcomes.setdefault(check["id"], []).append(check)
    shares = []
    for key, checks in outcomes.items():
        failed = [check for check in checks if check["outcome"] == "failed"]
        if failed:
            shares.append(
                Share(
                    key=key,
                    exercise=checks[0]["exercise"],
                    title=_title(checks[0]),
                    failed=len(failed),
                    graded=len(checks),
                    message=_most_common([_message(check) for check in failed]),
                )
            )
    return sorted(shares, key=lambda share: (-share.percent, -share.failed, share.key))


def _row(result: StudentResult, exercises: list[str], slug: str, change: Change | None) -> Row:
    report = result.report
    cells = [cell_of(report, exercise) for exercise in exercises]
    erred = result.error if result.status == "error" else ", ".join(grader_errors(report))
    return Row(
        student=result.student,
        slug=slug,
        status=result.status,
        total=float(report.get("score", 0) or 0),
        max_score=float(report.get("max_score", 0) or 0),
        cells=cells,
        erred=erred,
        change=change,
    )


def _failure_messages(report: dict[str, Any], exercise: str) -> list[str]:
    return [_message(c) for c in report.get("checks", []) if c["exercise"] == exercise and c["outcome"] == "failed"]


def _message(check: dict[str, Any]) -> str:
    """A failed check's message on one line, clipped (the page is the instructor's: hidden checks included)."""
    return " ".join(str(check.get("message") or "").split())[:_MESSAGE_CHARS]


def _title(check: dict[str, Any]) -> str:
    return str(check.get("title") or check["check"])


def _most_common(messages: list[str]) -> str:
    counted = Counter(message for message in messages if message)
    return counted.most_common(1)[0][0] if counted else ""


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0
