"""The class view: cells by outcome, the totals' spread, what the class fails most and who erred."""

from __future__ import annotations

from dockgrade.batch import class_view
from tests.class_sample import ARG, ARG_MESSAGE, DEV, sample_class


def view() -> class_view.ClassView:
    results = sample_class()
    return class_view.build(results, {r.student: r.student for r in results}, {})


def test_cells_say_full_partial_zero_absent_erred_and_superseded() -> None:
    rows = {row.student: row for row in view().rows}
    states = {student: [cell.state for cell in row.cells] for student, row in rows.items()}
    assert states == {
        "ana": ["full", "full"],
        "bruno": ["partial", "full"],
        "carla": ["partial", "absent"],
        "davi": ["full", "erred"],
        "eva": ["none", "none"],
        "fabio": ["zero", "full"],
    }
    assert [cell.superseded for cell in rows["ana"].cells] == [False, True]
    assert (rows["bruno"].cells[0].score, rows["bruno"].cells[0].max_score, rows["bruno"].cells[0].percent) == (
        2,
        8,
        25,
    )


def test_erred_students_are_flagged_apart() -> None:
    """A grader or engine fault (davi) and an error row (eva) are flagged; a student's failure is not."""
    erred = {row.student: row.erred for row in view().erred}
    assert erred == {"davi": f"{DEV}::runs_as_www", "eva": "o repositório não existe"}


def test_histogram_counts_graded_students_by_tenth_of_the_maximum() -> None:
    """carla 2/22, davi 12/22, fabio 14/22, bruno 16/22, ana 22/22 (100 % is the last bin); eva's error row is out."""
    assert view().histogram == [1, 0, 0, 0, 0, 1, 1, 1, 0, 1]


def test_exercise_shares_sorted_with_the_most_common_message() -> None:
    """ARG: bruno, carla and fabio lost points (3 of 5), most of them on the BUCKET message; DEV: nobody failed
    (davi's fault is the grader's), carla did not hand it in."""
    shares = view().exercise_shares
    assert [share.key for share in shares] == [ARG, DEV]
    assert (shares[0].failed, shares[0].graded, shares[0].percent, shares[0].message) == (3, 5, 60, ARG_MESSAGE)
    assert (shares[1].failed, shares[1].graded, shares[1].absent) == (0, 3, 1)


def test_check_shares_count_the_students_the_check_ran_for() -> None:
    """default_bucket failed for 2 of the 4 it ran for (fabio's was not run behind a failed build: not counted)."""
    shares = {share.key: share for share in view().check_shares}
    assert set(shares) == {f"{ARG}::default_bucket", f"{ARG}::builds"}
    bucket = shares[f"{ARG}::default_bucket"]
    assert (bucket.failed, bucket.graded, bucket.message, bucket.title) == (
        2,
        4,
        ARG_MESSAGE,
        "título de default_bucket",
    )
    assert next(share.key for share in view().check_shares) == f"{ARG}::default_bucket"
