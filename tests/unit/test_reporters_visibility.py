"""Student and instructor views: hidden checks keep their points and lose their words for students."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from dockgrade.core.results import Outcome
from dockgrade.reporters import View, view_from
from dockgrade.reporters.visibility import for_view, masked
from tests.report_sample import E03, EARNED, POSSIBLE, SECRET, sample


def test_student_view_masks_hidden_checks() -> None:
    """No word of a hidden check reaches the student; its id becomes hidden-N, its points and outcome stay."""
    shown = for_view(sample(), View.STUDENT)
    assert SECRET not in str([asdict(result) for result in shown.results])
    hidden = [result for result in shown.results if result.hidden]
    assert [(r.check, r.outcome, r.points) for r in hidden] == [
        ("hidden-1", Outcome.PASSED, 1.0),
        ("hidden-2", Outcome.FAILED, 1.0),
    ]
    assert hidden[0].message == ""
    assert hidden[1].message == "os detalhes desta verificação ficam com o instrutor"
    assert (hidden[1].hint, hidden[1].details, hidden[1].title) == (None, "", "verificação oculta")


def test_views_agree_on_totals() -> None:
    """Masking never changes a total: per exercise and overall the student's numbers are the instructor's."""
    report = sample()
    student, instructor = for_view(report, View.STUDENT), for_view(report, View.INSTRUCTOR)
    assert student.total() == instructor.total() == (EARNED, POSSIBLE)
    assert [(s.earned, s.possible) for s in student.exercises()] == [(s.earned, s.possible) for s in report.exercises()]
    assert instructor is report


def test_masked_leaves_visible_checks_alone() -> None:
    """A check that is not hidden is returned as it is."""
    visible = sample().results[1]
    assert masked(visible) is visible
    assert visible.exercise == E03


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        (None, {}, View.STUDENT),
        ("instructor", {}, View.INSTRUCTOR),
        (None, {"DOCKGRADE_VIEW": "instructor"}, View.INSTRUCTOR),
        ("student", {"DOCKGRADE_VIEW": "instructor"}, View.STUDENT),
        (None, {"DOCKGRADE_VIEW": "professor"}, View.STUDENT),
    ],
)
def test_view_from_option_then_environment(option: str | None, environ: dict[str, str], expected: View) -> None:
    """The option wins, then $DOCKGRADE_VIEW; anything unknown falls back to the student's view."""
    assert view_from(option, environ) is expected
