"""JUnit XML: parses with a JUnit library, one suite per exercise, points and outcome as properties."""

from __future__ import annotations

from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Properties, Skipped, TestCase, TestSuite

from dockgrade.reporters import junit
from dockgrade.reporters.visibility import View, for_view
from tests.report_sample import E02, E03, EARNED, LOG_TAIL, POSSIBLE, SECRET, sample


def _parse(tmp_path: Path, view: View = View.STUDENT) -> list[TestSuite]:
    path = tmp_path / "junit.xml"
    junit.write(for_view(sample(), view), path)
    return list(JUnitXml.fromfile(str(path)))


def _case_properties(case: TestCase) -> dict[str, str]:
    return {prop.name: prop.value for element in case.iterchildren(Properties) for prop in element}


def test_suites_counts_and_totals(tmp_path: Path) -> None:
    """One suite per exercise with JUnit's counts; the suites' score properties add up to the run's total."""
    suites = _parse(tmp_path)
    assert [suite.name for suite in suites] == [E03, E02]
    e03, e02 = suites
    assert (e03.tests, e03.failures, e03.errors, e03.skipped) == (6, 2, 0, 1)
    assert (e02.tests, e02.failures, e02.errors, e02.skipped) == (3, 1, 1, 1)
    totals = [{prop.name: float(prop.value) for prop in suite.properties()} for suite in suites]
    assert sum(t["dockgrade.score"] for t in totals) == EARNED
    assert sum(t["dockgrade.max_score"] for t in totals) == POSSIBLE


def test_case_properties_and_results(tmp_path: Path) -> None:
    """Each case carries title, points, earned, outcome, hidden; failure, skipped and error map as JUnit means."""
    e03, e02 = _parse(tmp_path)
    cases = {case.name: case for case in e03}
    bucket = _case_properties(cases["default_bucket"])
    assert bucket == {
        "dockgrade.title": "título de default_bucket",
        "dockgrade.points": "2",
        "dockgrade.earned": "0",
        "dockgrade.outcome": "failed",
        "dockgrade.hidden": "false",
    }
    failure = cases["default_bucket"].result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "echo $S3_BUCKET: esperado 'files', obtido '<h1>file</h1>'"
    assert "dica: use ARG S3_BUCKET=files & ENV *S3_BUCKET*" in failure.text
    assert isinstance(cases["maintainer_label"].result[0], Skipped)
    assert cases["builds"].is_passed
    by_name = {case.name: case for case in e02}
    build_failure = by_name["builds"].result[0].text
    assert all(line in build_failure for line in LOG_TAIL.splitlines())
    assert isinstance(by_name["broken"].result[0], Error)


def test_student_file_masks_hidden_checks(tmp_path: Path) -> None:
    """Written for the student, the file names hidden checks hidden-N and holds none of their words."""
    path = tmp_path / "junit.xml"
    junit.write(for_view(sample(), View.STUDENT), path)
    assert SECRET not in path.read_text(encoding="utf-8")
    names = [case.name for case in _parse(tmp_path)[0]]
    assert "hidden-1" in names
    assert "hidden-2" in names


def test_instructor_file_shows_hidden_checks(tmp_path: Path) -> None:
    """Written for the instructor, hidden checks appear in full with dockgrade.hidden=true."""
    cases = {case.name: case for case in _parse(tmp_path, View.INSTRUCTOR)[0]}
    assert _case_properties(cases["secret_fail"])["dockgrade.hidden"] == "true"
    assert cases["secret_fail"].result[0].message == SECRET
