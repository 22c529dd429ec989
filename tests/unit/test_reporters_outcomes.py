"""Every report says "não entregue" and "superado" apart from a failure, with the same totals everywhere."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from dockgrade.batch import gradebook
from dockgrade.batch.runner import StudentResult
from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.reporters import classroom, gradescope, html, junit, summary
from dockgrade.reporters import json as json_report
from dockgrade.reporters.markdown import failures, score_table
from dockgrade.reporters.visibility import View, for_view
from tests.report_sample import schema

S9, S5 = "s9-e04-app-enqueue", "s5-e04-build-copy"
ABSENT_MESSAGE = "não entregue: nada encontrado nas pastas build-com-copy, build-copy (ou indique a pasta de s5-e04)"
SUPERSEDED_MESSAGE = "a porta 8080 do app foi fechada pela etapa s9-e05-reverse-proxy (proxy reverso)"


def outcomes_report() -> Report:
    """s9-e04 graded on a final project (one check superseded, 3 of 3 earned); s5-e04 not handed in (0 of 4)."""
    report = Report()
    for result in (
        CheckResult(S9, "up", "o projeto sobe", 1.0, Outcome.PASSED, gate=True),
        CheckResult(S9, "enqueue", "POST grava a mensagem", 2.0, Outcome.PASSED),
        CheckResult(
            S9, "app_port", "o app responde na 8080", 2.0, Outcome.SUPERSEDED, SUPERSEDED_MESSAGE, cause="Superseded"
        ),
        CheckResult(S5, "builds", "a imagem é construída", 2.0, Outcome.ABSENT, ABSENT_MESSAGE, cause="NotHandedIn"),
        CheckResult(S5, "serves", "serve conteudo.html", 2.0, Outcome.ABSENT, ABSENT_MESSAGE, cause="NotHandedIn"),
    ):
        report.add(result)
    return report


def test_totals_leave_superseded_out_and_keep_absent_in() -> None:
    """3 earned of 7: the superseded 2 points leave the maximum, the 4 not handed in stay in it."""
    report = outcomes_report()
    assert report.total() == (3.0, 7.0)
    assert [(s.exercise, s.earned, s.possible, s.absent) for s in report.exercises()] == [
        (S9, 3.0, 3.0, False),
        (S5, 0.0, 4.0, True),
    ]


def test_terminal_table() -> None:
    """The table marks the absent exercise once with its folders and the superseded check with its step."""
    text = summary.table(outcomes_report())
    assert f"{S5:<40} 0/4  (não entregue)" in text
    assert text.count(ABSENT_MESSAGE) == 1
    assert "  ↷ app_port: o app responde na 8080 (superado)" in text
    assert SUPERSEDED_MESSAGE in text
    assert "✘" not in text
    assert text.rstrip().endswith("3/7")


def test_json_report_and_schema(tmp_path: Path) -> None:
    """The JSON names the outcomes, flags the absent exercise and validates against its schema."""
    path = tmp_path / "r.json"
    json_report.write(outcomes_report(), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema("dockgrade-report"))
    assert (document["score"], document["max_score"]) == (3.0, 7.0)
    assert [e["absent"] for e in document["exercises"]] == [False, True]
    assert [c["outcome"] for c in document["checks"]][2:] == ["superseded", "absent", "absent"]


def test_junit() -> None:
    """JUnit: not handed in is a NotHandedIn failure, superseded a skip whose message names the step."""
    root = junit.document(outcomes_report())
    cases = {case.get("name"): case for case in root.iter("testcase")}
    failure = cases["builds"].find("failure")
    assert failure is not None
    assert failure.get("type") == "NotHandedIn"
    assert failure.get("message") == ABSENT_MESSAGE
    skipped = cases["app_port"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == f"superado: {SUPERSEDED_MESSAGE}"
    assert (root.get("failures"), root.get("errors")) == ("2", "0")
    # junit-10.xsd allows ``skipped`` on the suites only, not on <testsuites>.
    assert sum(int(suite.get("skipped") or 0) for suite in root.iter("testsuite")) == 1
    outcome = root.find(".//testsuite/properties/property[@name='dockgrade.check.app_port.outcome']")
    assert outcome is not None
    assert outcome.get("value") == "superseded"
    ET.fromstring(ET.tostring(root))


def test_classroom() -> None:
    """Classroom: absent checks fail, a superseded one passes with 0 points and says "superado"; max 7."""
    result = classroom.runner_result(outcomes_report())
    tests = {test["name"]: test for test in result["tests"]}
    assert result["max_score"] == 7
    assert result["status"] == "fail"
    superseded = tests[f"{S9}: o app responde na 8080"]
    assert (superseded["status"], superseded["score"]) == ("pass", 0)
    assert superseded["message"] == f"superado: {SUPERSEDED_MESSAGE}"
    assert tests[f"{S5}: a imagem é construída"]["status"] == "fail"
    assert classroom.notices(outcomes_report())[0].endswith("Points 3/7")


def test_gradescope_and_markdown() -> None:
    """Gradescope: a superseded test is 0 of 0 and passed; the absent ones failed and say "não entregue"."""
    document = gradescope.document(outcomes_report())
    jsonschema.validate(document, schema("gradescope-results"))
    tests = {test["name"]: test for test in document["tests"]}
    superseded = tests[f"{S9}: o app responde na 8080"]
    assert (superseded["status"], superseded["score"], superseded["max_score"]) == ("passed", 0.0, 0.0)
    assert superseded["output"].startswith("*superado*: ")
    assert tests[f"{S5}: serve conteudo.html"]["status"] == "failed"
    assert sum(test["max_score"] for test in document["tests"]) == document["extra_data"]["max_score"] == 7.0
    assert "| s5-e04-build-copy | 0/4 (não entregue) |" in score_table(outcomes_report())
    listed = failures(outcomes_report())
    assert listed.count("não entregue") == 1  # once for the exercise, not once per check


def test_html_page() -> None:
    """The page shows the absent exercise as one line with a badge, the superseded check greyed at 0/0."""
    page = html.render(outcomes_report(), html.Page("aluno"))
    assert page.count(ABSENT_MESSAGE) == 1
    assert '<section id="s5-e04-build-copy" class="absent">' in page
    assert '<li class="superseded" id="s9-e04-app-enqueue::app_port">' in page
    assert ">superado<" in page
    assert "0/0" in page
    assert ">3/7<" in page


def test_hidden_superseded_check_keeps_its_step_in_the_student_view() -> None:
    """Masking a hidden check keeps "superado por …" and "não entregue": they reveal nothing of the check."""
    report = Report()
    report.add(CheckResult(S9, "secret", "x", 1.0, Outcome.SUPERSEDED, SUPERSEDED_MESSAGE, hidden=True))
    (shown,) = for_view(report, View.STUDENT).results
    assert (shown.check, shown.message) == ("hidden-1", SUPERSEDED_MESSAGE)


def test_batch_outputs(tmp_path: Path) -> None:
    """summary.csv lists what was not handed in, checks.csv gives a superseded check a max of 0, and the
    feedback and the class page say "não entregue" and "superado"."""
    document = json_report.document(outcomes_report())
    results = [StudentResult("ana", "graded", report=document)]
    gradebook.write_all(results, tmp_path)
    with (tmp_path / "summary.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["total"], row["max"], row["absent"], row[S5]) == ("3", "7", S5, "0")
    with (tmp_path / "checks.csv").open(encoding="utf-8") as handle:
        checks = {r["check"]: r for r in csv.DictReader(handle)}
    assert (checks[f"{S9}::app_port"]["outcome"], checks[f"{S9}::app_port"]["max"]) == ("superseded", "0")
    assert checks[f"{S5}::builds"]["outcome"] == "absent"
    feedback = (tmp_path / "feedback" / "ana.md").read_text(encoding="utf-8")
    assert f"| {S5} | 0/4 (não entregue) |" in feedback
    assert feedback.count(ABSENT_MESSAGE) == 1
    assert f"(superado) {SUPERSEDED_MESSAGE}" in feedback
    assert S5 in (tmp_path / "index.html").read_text(encoding="utf-8")
