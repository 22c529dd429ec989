"""A class graded again into the same folder: per student, the version, the total and the checks that changed."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from dockgrade.batch import gradebook, regrade
from dockgrade.batch.runner import StudentResult
from tests.class_sample import ARG, arg, dev, report, sample_class


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def test_a_push_that_fixes_one_check_and_breaks_another() -> None:
    before = StudentResult("bruno", "graded", report(arg("failed", "x") + dev()), version="abc")
    after = StudentResult("bruno", "graded", report(arg() + dev("failed")), version="def")
    change = regrade.change(before, after)
    assert (change.new_commit, change.before_total, change.after_total) == (True, 16, 12)
    assert change.newly_passed == [f"{ARG}::default_bucket"]
    assert change.newly_failed == ["s5-e05-build-dev::runs_as_www"]


def test_an_unchanged_student_has_no_news_and_a_new_one_no_change() -> None:
    first = sample_class()
    news = regrade.changes(first[:3], first)
    assert set(news) == {"ana", "bruno", "carla"}
    assert not any(change.anything for change in news.values())


def test_the_second_batch_in_a_folder_reports_what_changed(tmp_path: Path) -> None:
    """summary.csv gets the previous version and total and the checks newly passed or failed; the class page says
    it; the first batch in a folder has nothing to compare (empty cells)."""
    first = sample_class()
    assert gradebook.write_all(first, tmp_path) == {}
    assert rows(tmp_path / "summary.csv")["bruno"]["previous_total"] == ""
    fixed = StudentResult("bruno", "graded", report(arg() + dev()), version="v2")
    second = [fixed if result.student == "bruno" else result for result in first]
    news = gradebook.write_all(second, tmp_path)
    assert [student for student, change in news.items() if change.anything] == ["bruno"]
    bruno = rows(tmp_path / "summary.csv")["bruno"]
    assert (bruno["version"], bruno["previous_version"], bruno["previous_total"]) == ("v2", "v1", "16")
    assert (bruno["total"], bruno["newly_passed"], bruno["newly_failed"]) == ("22", f"{ARG}::default_bucket", "")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "nova versão v1 → v2" in page
    assert f"passou a passar: {ARG}::default_bucket" in page


def test_gradebook_csv_is_one_row_per_student_one_column_per_exercise(tmp_path: Path) -> None:
    """The LMS import: points per exercise and the total; a student whose grading failed has no grade (empty)."""
    gradebook.write_all(sample_class(), tmp_path)
    with (tmp_path / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["student", ARG, "s5-e05-build-dev", "total"]
    assert table[1:3] == [["ana", "8", "14", "22"], ["bruno", "2", "14", "16"]]
    assert ["eva", "", "", ""] in table


def test_results_of_an_older_dockgrade_still_compare(tmp_path: Path) -> None:
    """A results.json written before versions were recorded compares by totals and checks only."""
    old = [dataclasses.replace(result, version="") for result in sample_class()]
    gradebook.write_all(old, tmp_path)
    news = gradebook.write_all(sample_class(), tmp_path)
    assert (news["ana"].new_commit, news["ana"].newly_passed) == (True, [])
