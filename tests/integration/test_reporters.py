"""One real grading run with every reporter on: the totals agree across all channels, each file is valid.

Runs the reference solutions of section 5 and a partial-credit mutant of s5-e03 (in pt-BR and in English),
each once, in a child process; then opens the HTML page in headless Chromium (Debian's ``chromium``).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docker
import jsonschema
import pytest
from junitparser import Failure, JUnitXml

from dockgrade.reporters import classroom
from tests import browser
from tests.grading_run import GRADERS, GradingRun, grade, mutant
from tests.report_sample import schema

MUTANT = mutant("secao5/build-com-arg/valor-padrao-file")
E03_GRADER = GRADERS / "secao5" / "build-com-arg" / "test_s5_e03_build_arg.py"
FILES = {"junit": "junit.xml", "gradescope": "results.json", "html": "report.html", "classroom-json": "classroom.json"}
NOTICE = re.compile(r"^::notice title=Autograding complete::Points ([\d.]+)/([\d.]+)$", re.MULTILINE)
REPORT_NOTICE = re.compile(
    r'^::notice title=Autograding report::\{"totalPoints":([\d.]+),"maxPoints":([\d.]+)\}$', re.M
)
CASES = {
    "reference": ([GRADERS / "secao5"], None, "pt"),
    "mutant": ([E03_GRADER], MUTANT, "pt"),
    "mutant-en": ([E03_GRADER], MUTANT, "en"),
}


# The three gradings are shared by every test here: keep them on one xdist worker.
pytestmark = pytest.mark.xdist_group("reporters")


@dataclass
class Graded:
    """One child grading run with every reporter on, and where its files are."""

    case: str
    run: GradingRun
    folder: Path

    def path(self, name: str) -> Path:
        """Where the report ``name`` (a reporter, or an Actions file) was written."""
        return self.folder / FILES.get(name, name)

    def text(self, name: str) -> str:
        """The content of the report ``name``."""
        return self.path(name).read_text(encoding="utf-8")

    def json(self, name: str) -> Any:
        """The report file ``name`` as JSON."""
        return json.loads(self.text(name))


@pytest.fixture(scope="module", params=list(CASES))
def graded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, docker_client: docker.DockerClient
) -> Graded:
    """Grade the case once with every reporter on (and Actions' output files set)."""
    targets, submission, language = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    options = [arg for name, file in FILES.items() for arg in (f"--dockgrade-{name}", str(folder / file))]
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("GITHUB_ACTIONS", raising=False)
        environment.setenv("GITHUB_OUTPUT", str(folder / "github-output"))
        environment.setenv("GITHUB_STEP_SUMMARY", str(folder / "step-summary"))
        run = grade(targets, submission, folder, *options, "--dockgrade-classroom", "--lang", language)
    return Graded(request.param, run, folder)


def test_totals_agree_across_channels(graded: Graded) -> None:
    """Terminal, JSON, JUnit, Classroom notices and result, Gradescope and HTML all report the same total."""
    output = graded.run.output
    report = graded.run.report
    suites = list(JUnitXml.fromfile(str(graded.path("junit"))))
    junit_totals = [{p.name: float(p.value) for p in suite.properties() if p.name.count(".") == 1} for suite in suites]
    notice, report_notice = NOTICE.search(output), REPORT_NOTICE.search(output)
    table = re.search(r"^total\s+([\d.]+)/([\d.]+)$", output, re.MULTILINE)
    assert notice, output
    assert report_notice, output
    assert table, output
    runner = graded.json("classroom-json")
    scope = graded.json("gradescope")
    actions = classroom.decode_output(graded.text("github-output").splitlines()[-1])
    totals = {
        "terminal": (float(table[1]), float(table[2])),
        "json": (report["score"], report["max_score"]),
        "junit": (sum(t["dockgrade.score"] for t in junit_totals), sum(t["dockgrade.max_score"] for t in junit_totals)),
        "classroom notice": (float(notice[1]), float(notice[2])),
        "classroom report notice": (float(report_notice[1]), float(report_notice[2])),
        "classroom json": (sum(test["score"] for test in runner["tests"]), runner["max_score"]),
        "github output": (sum(test["score"] for test in actions["tests"]), actions["max_score"]),
        "gradescope": (scope["score"], sum(test["max_score"] for test in scope["tests"])),
    }
    assert len(set(totals.values())) == 1, totals
    earned, possible = totals["json"]
    assert f"<strong>{earned:g}/{possible:g}</strong>" in graded.text("html")
    assert f"**{earned:g}/{possible:g}**" in graded.text("step-summary")
    if graded.case == "reference":
        assert earned == possible > 40
    else:
        assert 0 < earned < possible


def test_gradescope_results_validate(graded: Graded) -> None:
    """results.json validates against the schema written from Gradescope's specification."""
    scope = graded.json("gradescope")
    jsonschema.validate(scope, schema("gradescope-results"))
    checks = graded.run.report["checks"]
    failed = {f"{check['exercise']}: {check['title']}" for check in checks if check["outcome"] != "passed"}
    assert {test["name"] for test in scope["tests"] if test["status"] == "failed"} == failed
    assert len(scope["tests"]) == len(checks)


def test_json_report_validates(graded: Graded) -> None:
    """dockgrade's own JSON report validates against its published schema."""
    jsonschema.validate(graded.run.report, schema("dockgrade-report"))


def test_junit_parses_with_a_junit_library(graded: Graded) -> None:
    """junitparser reads the file: one suite per exercise, one failure per failed check with its message."""
    suites = list(JUnitXml.fromfile(str(graded.path("junit"))))
    assert [suite.name for suite in suites] == [exercise["id"] for exercise in graded.run.report["exercises"]]
    failures = {
        (suite.name, case.name): result.message
        for suite in suites
        for case in suite
        for result in case.result
        if isinstance(result, Failure)
    }
    checks = graded.run.report["checks"]
    expected = {
        (check["exercise"], check["check"]): check["message"] for check in checks if check["outcome"] == "failed"
    }
    assert failures == expected


def test_classroom_lines_match_the_reporter_format(graded: Graded) -> None:
    """Each notice stands alone on its line, as Actions needs to read it, exactly once per run."""
    lines = graded.run.output.splitlines()
    notices = [line for line in lines if "::notice" in line]
    assert len(notices) == 2, notices
    assert NOTICE.fullmatch(notices[0])
    assert REPORT_NOTICE.fullmatch(notices[1])


def test_language_of_every_output(graded: Graded) -> None:
    """pt-BR by default, English with --lang en, in the terminal, the page, Gradescope and the step summary."""
    english = graded.case == "mutant-en"
    title = "dockgrade: score" if english else "dockgrade: pontuação"
    assert f"=== {title} ===" in graded.run.output
    assert f"### {title}" in graded.text("step-summary")
    assert f'<html lang="{"en" if english else "pt-BR"}">' in graded.text("html")
    assert ("| exercise | points |" if english else "| exercício | pontos |") in graded.json("gradescope")["output"]
    if graded.case != "reference":
        failed = "expected 'files', not 'file'" if english else "esperado 'files', obtido 'file'"
        assert failed in html.unescape(graded.text("html"))
        assert failed in graded.json("gradescope")["tests"][1]["output"]


def test_html_page_in_headless_chromium(graded: Graded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Chromium renders the page offline: the total and every failed check's message are visible on screen."""
    chromium = browser.chromium()
    page = graded.path("html")
    screenshot = graded.folder / "report.png"
    browser.run(chromium, tmp_path, f"--screenshot={screenshot}", page.as_uri())
    assert screenshot.stat().st_size > 10_000
    dom = browser.run(chromium, tmp_path, "--dump-dom", page.as_uri())
    assert '<div class="total" id="total">' in dom, dom[:500]
    with capsys.disabled():
        print(f"\nHTML report screenshot ({graded.case}): {screenshot}")
    probe = graded.folder / "probe.html"
    probe.write_text(graded.text("html").replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    seen = _probe_result(browser.run(chromium, tmp_path, "--dump-dom", probe.as_uri()))
    report = graded.run.report
    assert seen["total"] == [f"{report['score']:g}/{report['max_score']:g}", True]
    messages = [check["message"] for check in report["checks"] if check["outcome"] == "failed"]
    assert seen["failed"] == [[message, True] for message in messages]


# Appended to a copy of the page: records what is laid out inside the screenshot's 1200x2000 window.
_PROBE = """<script>
const shown = (el) => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && r.bottom <= innerHeight && s.visibility === "visible" && s.opacity !== "0"; };
const total = document.querySelector("#total strong");
document.body.dataset.probe = JSON.stringify({
  total: [total.textContent, shown(total)],
  failed: [...document.querySelectorAll("li.failed .message")].map((el) => [el.textContent, shown(el)]),
});
</script>"""


def _probe_result(dom: str) -> Any:
    match = re.search(r'data-probe="([^"]*)"', dom)
    assert match, dom[-2000:]
    return json.loads(html.unescape(match[1]))
