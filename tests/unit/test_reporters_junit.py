"""JUnit XML: parses with a JUnit library, valid against junit-10.xsd, points and outcome as suite properties."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite

from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.reporters import junit
from dockgrade.reporters.visibility import View, for_view
from tests.junit_schema import violations
from tests.report_sample import E02, E03, EARNED, LOG_TAIL, POSSIBLE, SECRET, sample


def _parse(tmp_path: Path, view: View = View.STUDENT) -> list[TestSuite]:
    path = tmp_path / "junit.xml"
    junit.write(for_view(sample(), view), path)
    return list(JUnitXml.fromfile(str(path)))


def _check_properties(suite: TestSuite, check: str) -> dict[str, str]:
    prefix = f"dockgrade.check.{check}."
    return {prop.name.removeprefix(prefix): prop.value for prop in suite.properties() if prop.name.startswith(prefix)}


def _totals(suite: TestSuite) -> dict[str, float]:
    return {prop.name: float(prop.value) for prop in suite.properties() if not prop.name.startswith("dockgrade.check.")}


def test_suites_counts_and_totals(tmp_path: Path) -> None:
    """One suite per exercise with JUnit's counts; the suites' score properties add up to the run's total."""
    suites = _parse(tmp_path)
    assert [suite.name for suite in suites] == [E03, E02]
    e03, e02 = suites
    assert (e03.tests, e03.failures, e03.errors, e03.skipped) == (6, 2, 0, 1)
    assert (e02.tests, e02.failures, e02.errors, e02.skipped) == (3, 1, 1, 1)
    totals = [_totals(suite) for suite in suites]
    assert sum(t["dockgrade.score"] for t in totals) == EARNED
    assert sum(t["dockgrade.max_score"] for t in totals) == POSSIBLE


def test_case_properties_and_results(tmp_path: Path) -> None:
    """The suite carries each check's title, points, earned, outcome, hidden; failure, skipped and error map."""
    e03, e02 = _parse(tmp_path)
    cases = {case.name: case for case in e03}
    assert _check_properties(e03, "default_bucket") == {
        "title": "título de default_bucket",
        "points": "2",
        "earned": "0",
        "outcome": "failed",
        "hidden": "false",
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
    suite = _parse(tmp_path, View.INSTRUCTOR)[0]
    cases = {case.name: case for case in suite}
    assert _check_properties(suite, "secret_fail")["hidden"] == "true"
    assert cases["secret_fail"].result[0].message == SECRET


def test_valid_against_junit_10_schema(tmp_path: Path) -> None:
    """No <properties> in a <testcase>, no skipped= on <testsuites>, time= on every suite and case."""
    path = tmp_path / "junit.xml"
    junit.write(for_view(sample(), View.INSTRUCTOR), path)
    root = ET.parse(path).getroot()
    assert violations(root) == []
    timed = ("testsuites", "testsuite", "testcase")
    assert all("time" in element.attrib for element in root.iter() if element.tag in timed)
    assert "skipped" not in root.attrib
    assert not [case for case in root.iter("testcase") if case.find("properties") is not None]


HOSTILE_LOG = (
    "\x1b[31mERROR\x1b[0m: \x1b]0;title\x07colour \x1b[1;32mgreen\x1b[K\n"
    "bell\x07 nul\x00 vt\x0b ff\x0c esc\x1b del\x7f c1\x85 \ufffe \ud800 end\n"
    ']]> <not-a-tag/> &amp; "quoted"'
)


def _hostile_report() -> Report:
    report = Report()
    for index, outcome in enumerate((Outcome.FAILED, Outcome.ERRORED, Outcome.NOT_RUN)):
        report.add(
            CheckResult(
                "s5-e02-first-build",
                f"c{index}",
                f"título \x1b[1m{index}\x1b[0m",
                1,
                outcome,
                message=HOSTILE_LOG,
                hint=HOSTILE_LOG,
                details=HOSTILE_LOG,
                cause="BuildFailed",
            )
        )
    return report


def test_control_characters_make_valid_xml(tmp_path: Path) -> None:
    """ANSI colours, NUL, bell, ESC and lone surrogates from a log: the file parses, validates and keeps the words."""
    path = tmp_path / "junit.xml"
    junit.write(_hostile_report(), path)
    root = ET.parse(path).getroot()  # expat rejects any character XML 1.0 forbids
    assert violations(root) == []
    suites = list(JUnitXml.fromfile(str(path)))
    failure = next(iter(suites[0])).result[0]
    assert isinstance(failure, Failure)
    assert "ERROR: colour green" in failure.message
    assert "nul\\x00 vt\\x0b ff\\x0c esc\\x1b" in failure.text
    assert "]]> <not-a-tag/> &amp;" in failure.text
    assert "\x1b" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[2K\x1b[1Gline", "line"),
        ("a\x00b", "a\\x00b"),
        ("tab\tnew\nline\rcr", "tab\tnew\nline\rcr"),
        ("\ud83d", "\\ud83d"),
        ("ok ção 🐳", "ok ção 🐳"),
    ],
)
def test_xml_text(text: str, written: str) -> None:
    """Colour and cursor sequences go; other characters XML 1.0 forbids become visible escapes; the rest stays."""
    assert junit.xml_text(text) == written


def test_xmllint_accepts_hostile_file(tmp_path: Path) -> None:
    """libxml2 agrees the file with control characters is well-formed (ci/setup.sh installs xmllint)."""
    if shutil.which("xmllint") is None:
        assert os.environ.get("CI") != "true", "ci/setup.sh installs libxml2-utils: xmllint must be here"
        pytest.skip("xmllint (libxml2-utils) is not installed: run ci/setup.sh")
    path = tmp_path / "junit.xml"
    junit.write(_hostile_report(), path)
    done = subprocess.run(["xmllint", "--noout", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
