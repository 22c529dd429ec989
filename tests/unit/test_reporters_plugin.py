"""The reporters' pytest options end to end on a throwaway grader (no Docker): one run, every channel, one total."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from junitparser import JUnitXml, Properties

from dockgrade.core import messages
from dockgrade.reporters import classroom
from tests.report_sample import schema

pytest_plugins = ["pytester"]

PLUGIN = ("-p", "dockgrade.plugin", "-p", "no:cacheprovider", "-p", "no:benchmark", "--submission", "sub")
SECRET = "o segredo do instrutor"

GRADER = f'''
from dockgrade.grading.check import check, expect, expect_equal

EXERCISE = "s5-e03-build-arg"


@check(points=2)
def test_ok():
    """isto passa"""
    expect(True, "nunca")


@check(points=2)
def test_x():
    """o bucket padrão é files"""
    expect_equal("arquivos", "files", "echo $S3_BUCKET", hint="use ARG S3_BUCKET=files")


@check(points=1.5, hidden=True)
def test_hidden_pass():
    """{SECRET}: passa"""
    expect(True, "nunca")


@check(points=1, hidden=True)
def test_hidden_fail():
    """{SECRET}: falha"""
    expect(False, "{SECRET}", hint="{SECRET}")


@check(points=1, requires=["hidden_fail"])
def test_after_hidden():
    """depende da oculta"""
    expect(True, "nunca")
'''
EARNED, POSSIBLE = 3.5, 7.5
EVERY_FILE = ("json", "junit", "gradescope", "html", "classroom-json")


@pytest.fixture(autouse=True)
def outside_actions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Runs start outside GitHub Actions, in Portuguese, whatever the machine running these tests is."""
    unset = ("GITHUB_ACTIONS", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "DOCKGRADE_VIEW", "DOCKGRADE_CLASSROOM")
    for name in (*unset, "DOCKGRADE_CLASSROOM_NOTICES"):
        monkeypatch.delenv(name, raising=False)
    previous = messages.language()
    yield
    messages.set_language(previous)


def run(pytester: pytest.Pytester, *extra: str) -> Any:
    """Grade GRADER against a submission with the exercise folder, with ``extra`` options."""
    folder = pytester.path / "sub" / "build-com-arg"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Dockerfile").write_text("FROM debian\n", encoding="utf-8")
    pytester.makepyfile(test_grader=GRADER)
    return pytester.runpytest(*PLUGIN, *extra)


def every_file(pytester: pytest.Pytester) -> list[str]:
    """The options that write every report file into pytester's directory."""
    return [arg for name in EVERY_FILE for arg in (f"--dockgrade-{name}", str(pytester.path / f"out-{name}"))]


def terminal_total(output: str) -> tuple[float, float]:
    """The total line of the score table."""
    match = re.search(r"^total\s+([\d.]+)/([\d.]+)$", output, re.MULTILINE)
    assert match, output
    return float(match[1]), float(match[2])


def test_one_run_every_channel_same_total(pytester: pytest.Pytester) -> None:
    """Terminal, JSON, JUnit, Gradescope, Classroom notice and Classroom JSON all say 3.5/7.5."""
    result = run(pytester, *every_file(pytester), "--dockgrade-classroom")
    output = result.stdout.str()
    read = {name: (pytester.path / f"out-{name}").read_text(encoding="utf-8") for name in EVERY_FILE}
    report, scope, runner = (json.loads(read[name]) for name in ("json", "gradescope", "classroom-json"))
    suites = list(JUnitXml.fromstring(read["junit"].encode("utf-8")))
    junit_totals = [{p.name: float(p.value) for p in suite.properties() if p.name.count(".") == 1} for suite in suites]
    notice = re.search(r"^::notice title=Autograding complete::Points ([\d.]+)/([\d.]+)$", output, re.MULTILINE)
    assert notice, output
    totals = {
        "terminal": terminal_total(output),
        "json": (report["score"], report["max_score"]),
        "junit": (sum(t["dockgrade.score"] for t in junit_totals), sum(t["dockgrade.max_score"] for t in junit_totals)),
        "gradescope": (scope["score"], sum(test["max_score"] for test in scope["tests"])),
        "classroom notice": (float(notice[1]), float(notice[2])),
        "classroom json": (sum(test["score"] for test in runner["tests"]), runner["max_score"]),
    }
    assert set(totals.values()) == {(EARNED, POSSIBLE)}, totals
    jsonschema.validate(scope, schema("gradescope-results"))
    jsonschema.validate(report, schema("dockgrade-report"))
    assert "<strong>3.5/7.5</strong>" in read["html"]


def test_student_view_masks_hidden_checks_everywhere_but_json_and_gradescope(pytester: pytest.Pytester) -> None:
    """By default terminal, JUnit, HTML and Classroom hide the hidden checks' words; JSON and Gradescope keep them."""
    result = run(pytester, *every_file(pytester), "--dockgrade-classroom", "-v", "-rA")
    assert SECRET not in result.stdout.str()
    assert "verificação oculta" in result.stdout.str()
    # Not even the name: pytest's own result lines and a dependent's "not run" reason stay neutral.
    assert "hidden_fail" not in result.stdout.str().replace("test_grader.py::test_hidden_fail", "")
    assert "uma verificação oculta falhou" in result.stdout.str()
    for name in ("junit", "html", "classroom-json"):
        assert SECRET not in (pytester.path / f"out-{name}").read_text(encoding="utf-8"), name
    report = json.loads((pytester.path / "out-json").read_text(encoding="utf-8"))
    assert [check["hidden"] for check in report["checks"]] == [False, False, True, True, False]
    assert report["checks"][3]["message"] == SECRET
    tests = json.loads((pytester.path / "out-gradescope").read_text(encoding="utf-8"))["tests"]
    visibility = ["visible", "visible", "after_published", "after_published", "visible"]
    assert [test["visibility"] for test in tests] == visibility


def test_instructor_view_shows_hidden_checks(pytester: pytest.Pytester) -> None:
    """--dockgrade-view instructor shows hidden checks in the terminal and the HTML page."""
    html = pytester.path / "page.html"
    result = run(pytester, "--dockgrade-view", "instructor", "--dockgrade-html", str(html))
    assert SECRET in result.stdout.str()
    assert SECRET in html.read_text(encoding="utf-8")


def test_classroom_is_automatic_on_github_actions(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """With GITHUB_ACTIONS=true the notices are printed and $GITHUB_OUTPUT gets the result, unasked."""
    output = pytester.path / "github-output"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    result = run(pytester)
    result.stdout.fnmatch_lines(
        [
            "::notice title=Autograding complete::Points 3.5/7.5",
            '::notice title=Autograding report::{"totalPoints":3.5,"maxPoints":7.5}',
        ]
    )
    decoded = classroom.decode_output(output.read_text(encoding="utf-8").splitlines()[-1])
    assert (sum(test["score"] for test in decoded["tests"]), decoded["max_score"]) == (EARNED, POSSIBLE)


def test_classroom_can_be_turned_off(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """--no-dockgrade-classroom or DOCKGRADE_CLASSROOM=0 silence it on Actions; elsewhere it is off unless asked."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert "::notice" not in run(pytester, "--no-dockgrade-classroom").stdout.str()
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert "::notice" not in run(pytester).stdout.str()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("DOCKGRADE_CLASSROOM", "0")
    assert "::notice" not in run(pytester).stdout.str()
    assert "::notice" in run(pytester, "--dockgrade-classroom").stdout.str()


def test_english_reports(pytester: pytest.Pytester) -> None:
    """--lang en gives English in the HTML page, the Gradescope outputs and JUnit failures."""
    run(pytester, *every_file(pytester), "--lang", "en")
    page = (pytester.path / "out-html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "hint: use ARG S3_BUCKET=files" in page
    scope = json.loads((pytester.path / "out-gradescope").read_text(encoding="utf-8"))
    assert "expected 'files', not 'arquivos'" in scope["tests"][1]["output"]
    assert "| exercise | points |" in scope["output"]
    assert "hint: use ARG S3_BUCKET=files" in (pytester.path / "out-junit").read_text(encoding="utf-8")


def test_reports_go_to_new_folders(pytester: pytest.Pytester) -> None:
    """A report path in a folder that does not exist yet is created (e.g. /autograder/results)."""
    target = pytester.path / "deep" / "er" / "results.json"
    run(pytester, "--dockgrade-gradescope", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["score"] == EARNED


def test_reports_are_written_even_with_no_graded_check(pytester: pytest.Pytester) -> None:
    """A run with nothing graded still writes valid, empty reports (0/0), and prints no notice."""
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    (pytester.path / "sub").mkdir()
    result = pytester.runpytest(*PLUGIN, *every_file(pytester), "--dockgrade-classroom")
    scope = json.loads((pytester.path / "out-gradescope").read_text(encoding="utf-8"))
    jsonschema.validate(scope, schema("gradescope-results"))
    assert (scope["score"], scope["tests"]) == (0, [])
    assert "::notice" not in result.stdout.str()


def test_xdist_reports_once_with_the_whole_run(pytester: pytest.Pytester) -> None:
    """With pytest-xdist the controller writes the reports from every worker's results, the same totals."""
    # Plain -n 2 (xdist's "load"): the plugin makes it "loadfile", so a prerequisite runs first on its worker.
    result = run(pytester, *every_file(pytester), "-n", "2")
    assert result.ret == 1, result.stdout.str()
    scope = json.loads((pytester.path / "out-gradescope").read_text(encoding="utf-8"))
    assert (scope["score"], sum(test["max_score"] for test in scope["tests"])) == (EARNED, POSSIBLE)
    assert terminal_total(result.stdout.str()) == (EARNED, POSSIBLE)


def test_pytest_junitxml_carries_the_result(pytester: pytest.Pytester) -> None:
    """pytest's own --junitxml records each graded test's dockgrade.result property (JSON, raw for the instructor)."""
    run(pytester, f"--junitxml={pytester.path / 'pytest.xml'}")
    suites = list(JUnitXml.fromfile(str(pytester.path / "pytest.xml")))
    recorded = [
        (case.name, json.loads(prop.value))
        for suite in suites
        for case in suite
        for element in case.iterchildren(Properties)
        for prop in element
        if prop.name == "dockgrade.result"
    ]
    results = {result["check"]: result for _, result in recorded}
    assert set(results) == {"ok", "x", "hidden_pass", "hidden_fail", "after_hidden"}
    assert {name for name, result in recorded if not result["hidden"]} == {"test_ok", "test_x", "test_after_hidden"}
    assert (results["x"]["outcome"], results["x"]["points"]) == ("failed", 2)
    assert results["after_hidden"]["outcome"] == "not_run"
    assert results["hidden_fail"]["message"] == SECRET


@pytest.mark.parametrize(
    ("options", "environment", "printed"),
    [
        ((), {}, True),
        (("--no-dockgrade-classroom-notices",), {}, False),
        ((), {"DOCKGRADE_CLASSROOM_NOTICES": "0"}, False),
        ((), {"DOCKGRADE_CLASSROOM_NOTICES": "1"}, True),
    ],
)
def test_notices_once_when_the_reporter_prints_them(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, ...],
    environment: dict[str, str],
    printed: bool,
) -> None:
    """The notices can be left to Classroom's grading reporter (option or env); the result is written either way."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    path = pytester.path / "classroom.json"
    output = run(pytester, "--dockgrade-classroom-json", str(path), *options).stdout.str()
    assert ("title=Autograding complete" in output) is printed
    assert ("title=Autograding report" in output) is printed
    assert json.loads(path.read_text(encoding="utf-8"))["max_score"] == POSSIBLE
