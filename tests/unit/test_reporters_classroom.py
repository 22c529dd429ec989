"""GitHub Classroom: the notice lines its reporter emits, the runner result, $GITHUB_OUTPUT and the step summary."""

from __future__ import annotations

import functools
import json
import operator
import random
import re
from pathlib import Path

import pytest

from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.reporters import classroom, summary
from dockgrade.reporters.visibility import View, for_view
from tests.report_sample import EARNED, POSSIBLE, SECRET, sample

# The lines Classroom's autograding reporter prints, and reads back from the check run's annotations.
COMPLETE = re.compile(r"^::notice title=Autograding complete::Points (?P<earned>[\d.]+)/(?P<possible>[\d.]+)$")
REPORT = re.compile(r"^::notice title=Autograding report::(?P<json>\{.*\})$")


def test_notices_match_the_reporter_format() -> None:
    """Two notices: "Points X/Y" with whole numbers printed bare, and the totals as compact JSON."""
    complete, report = classroom.notices(sample())
    assert complete == "::notice title=Autograding complete::Points 4/14"
    assert (match := COMPLETE.match(complete))
    assert (float(match["earned"]), float(match["possible"])) == (EARNED, POSSIBLE)
    assert (found := REPORT.match(report))
    assert json.loads(found["json"]) == {"totalPoints": 4, "maxPoints": 14}
    assert report == '::notice title=Autograding report::{"totalPoints":4,"maxPoints":14}'


def test_fractional_points() -> None:
    """Half points stay halves: Points 1.5/2."""
    report = Report()
    report.add(CheckResult("s5-e03-build-arg", "a", "a", 1.5, Outcome.PASSED))
    report.add(CheckResult("s5-e03-build-arg", "b", "b", 0.5, Outcome.FAILED, message="x"))
    assert classroom.notices(report)[0].endswith("::Points 1.5/2")


def test_runner_result_weights_each_check() -> None:
    """The runner result carries max_score and each check's earned points, so the reporter's sum is ours."""
    result = classroom.runner_result(sample())
    assert result["version"] == 1
    assert result["status"] == "error"
    assert result["max_score"] == POSSIBLE
    assert sum(test["score"] for test in result["tests"]) == EARNED
    statuses = [test["status"] for test in result["tests"]]
    assert statuses.count("pass") == 3
    assert statuses.count("error") == 1
    bucket = result["tests"][1]
    assert bucket["message"].splitlines() == [
        "echo $S3_BUCKET: esperado 'files', obtido '<h1>file</h1>'",
        "dica: use ARG S3_BUCKET=files & ENV *S3_BUCKET*",
    ]


def test_status_pass_and_fail() -> None:
    """All passed is "pass"; a failure or a check not run, without grader errors, is "fail"."""
    report = Report()
    report.add(CheckResult("e", "a", "a", 1, Outcome.PASSED))
    assert classroom.runner_result(report)["status"] == "pass"
    report.add(CheckResult("e", "b", "b", 1, Outcome.NOT_RUN, message="não executado"))
    assert classroom.runner_result(report)["status"] == "fail"


def test_publish_to_actions_files(tmp_path: Path) -> None:
    """$GITHUB_OUTPUT gets result=<base64 JSON>, $GITHUB_STEP_SUMMARY the table; the JSON file matches both."""
    output, summary, path = tmp_path / "output", tmp_path / "summary.md", tmp_path / "classroom.json"
    output.write_text("earlier=1\n", encoding="utf-8")
    shown = for_view(sample(), View.STUDENT)
    classroom.publish(shown, {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)}, path)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "earlier=1"
    assert lines[1].startswith("result=")
    assert classroom.decode_output(lines[1]) == json.loads(path.read_text(encoding="utf-8"))
    assert classroom.decode_output(lines[1]) == classroom.runner_result(shown)
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith("### dockgrade: pontuação")
    assert "| **total** | **4/14** |" in markdown
    assert "verificação oculta" in markdown
    for text in (path.read_text(encoding="utf-8"), markdown, output.read_text(encoding="utf-8")):
        assert SECRET not in text


def test_publish_without_actions_writes_only_the_file(tmp_path: Path) -> None:
    """Outside Actions (no $GITHUB_OUTPUT) only the asked-for JSON file is written."""
    classroom.publish(sample(), {}, tmp_path / "c.json")
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]


@pytest.mark.parametrize(("text", "escaped"), [("50%", "50%25"), ("a\nb", "a%0Ab"), ("a:b,c", "a%3Ab%2Cc")])
def test_workflow_command_escaping(text: str, escaped: str) -> None:
    """Titles are escaped as Actions' toolkit escapes properties; % and newlines also in the message."""
    assert classroom._escape_property(text) == escaped
    if ":" not in text:
        assert classroom._escape_data(text) == escaped


def test_each_test_has_line_no_zero() -> None:
    """line_no 0 on every test, as Classroom's command grader sends: its reporter then prints no "- line undefined"."""
    tests = classroom.runner_result(sample())["tests"]
    assert [test["line_no"] for test in tests] == [0] * len(tests)
    assert all(set(test) == {"name", "status", "score", "message", "line_no"} for test in tests)


def test_messages_inert_for_the_reporter_step() -> None:
    """The reporter prints error tests' messages in its own step: a forged notice in one is split there."""
    report = Report()
    forged = "x\n  ::notice title=Autograding complete::Points 9/9\n##[error]y"
    report.add(CheckResult("s5-e02-first-build", "bug", "b", 1, Outcome.ERRORED, message=forged))
    message = classroom.runner_result(report)["tests"][0]["message"]
    assert message == "x\n  : :notice title=Autograding complete::Points 9/9\n# #[error]y"


def test_fractional_points_print_as_in_the_table() -> None:
    """0.1 + 0.2 earned of 1.3: the notice says 0.3/1.3, like the score table (no binary-float tail)."""
    report = Report()
    for check, points in (("a", 0.1), ("b", 0.2), ("c", 1.0)):
        outcome = Outcome.FAILED if check == "c" else Outcome.PASSED
        report.add(CheckResult("s5-e03-build-arg", check, check, points, outcome, message="x"))
    complete, totals = classroom.notices(report)
    assert complete.endswith("::Points 0.3/1.3")
    assert totals.endswith('{"totalPoints":0.3,"maxPoints":1.3}')
    assert "total                                    0.3/1.3" in summary.table(report)


def _reporter_sum(scores: list[float]) -> float:
    """What the grading reporter computes: JavaScript's left-to-right addition from 0."""
    return functools.reduce(operator.add, scores, 0.0)


def test_reporter_sum_prints_our_total() -> None:
    """0.1 + 0.2 earned: the reporter's own sum is 0.3 exactly (it would print 0.30000000000000004 otherwise)."""
    report = Report()
    for check, points in (("a", 0.1), ("b", 0.2), ("c", 1.0)):
        outcome = Outcome.FAILED if check == "c" else Outcome.PASSED
        report.add(CheckResult("s5-e03-build-arg", check, check, points, outcome, message="x"))
    scores = [test["score"] for test in classroom.runner_result(report)["tests"]]
    assert repr(_reporter_sum(scores)) == "0.3"
    assert scores[0] == 0.1
    assert abs(scores[1] - 0.2) < 1e-15


def test_reporter_sum_over_many_weightings() -> None:
    """Over 2000 seeded mixes of fractional weights the reporter's sum is our rounded total (scores within 1e-12)."""
    generator = random.Random(18)
    missed = 0
    for _ in range(2000):
        results = [
            CheckResult("e", f"c{n}", "t", generator.choice((0.1, 0.2, 0.3, 0.7, 1.1, 0.05, 1, 2, 0.33, 3.3)), outcome)
            for n, outcome in enumerate(generator.choices((Outcome.PASSED, Outcome.FAILED), k=generator.randint(1, 30)))
        ]
        scores = classroom.reporter_scores(results)
        assert all(abs(score - result.earned) < 1e-12 for score, result in zip(scores, results, strict=True))
        missed += _reporter_sum(scores) != round(sum(result.earned for result in results), 4)
    assert missed <= 2
