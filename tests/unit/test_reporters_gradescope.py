"""Gradescope's results.json: valid against the specification's schema, totals, visibility, Markdown output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from dockgrade.core import messages
from dockgrade.reporters import gradescope
from dockgrade.reporters.markdown import escape, fenced
from tests.report_sample import E02, E03, EARNED, LOG_TAIL, POSSIBLE, sample, schema


@pytest.fixture
def english() -> object:
    """Switch the catalogue to English for one test."""
    previous = messages.language()
    messages.set_language("en")
    yield
    messages.set_language(previous)


def test_results_validate_against_the_specification(tmp_path: Path) -> None:
    """The written file validates against tests/schemas/gradescope-results.schema.json."""
    path = tmp_path / "results.json"
    gradescope.write(sample(), path)
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema("gradescope-results"))


def test_schema_rejects_what_the_specification_does_not_allow() -> None:
    """The schema is strict enough to catch a wrong status, visibility or key."""
    document = gradescope.document(sample())
    for broken in ({"status": "pass"}, {"visibility": "students"}, {"points": 1}):
        test = {**document["tests"][0], **broken}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**document, "tests": [test]}, schema("gradescope-results"))


def test_scores_numbers_and_status() -> None:
    """score is the run's total; each check is a test worth its points, numbered exercise.check, passed or failed."""
    document = gradescope.document(sample())
    tests = document["tests"]
    assert document["score"] == EARNED == sum(test["score"] for test in tests)
    assert sum(test["max_score"] for test in tests) == POSSIBLE == document["extra_data"]["max_score"]
    assert [test["number"] for test in tests[:2]] == ["1.1", "1.2"]
    assert tests[6]["number"] == "2.1"
    assert {test["status"] for test in tests} == {"passed", "failed"}
    assert [test["status"] for test in tests if test["tags"] == [E02]] == ["failed"] * 3
    assert tests[1]["name"] == f"{E03}: título de default_bucket"


def test_hidden_checks_wait_for_published_grades() -> None:
    """Hidden checks are written in full with Gradescope's after_published visibility; the rest are visible."""
    tests = gradescope.document(sample())["tests"]
    visibility = {test["name"].split(": ")[1]: test["visibility"] for test in tests if test["tags"] == [E03]}
    assert visibility["título de secret_fail"] == gradescope.VISIBILITY == "after_published"
    assert visibility["título de secret_pass"] == "after_published"
    assert visibility["título de default_bucket"] == "visible"


def test_output_is_markdown_with_message_hint_and_log_tail() -> None:
    """A failed check's output: the escaped message, the hint in bold, the log tail in an unbreakable fence."""
    tests = gradescope.document(sample())["tests"]
    bucket, build = tests[1], tests[6]
    assert bucket["output_format"] == "md"
    assert bucket["output"].startswith(r"echo \$S3\_BUCKET: esperado 'files', obtido '\<h1\>file\</h1\>'")
    assert r"**dica: use ARG S3\_BUCKET=files \& ENV \*S3\_BUCKET\***" in bucket["output"]
    assert "````\n" + LOG_TAIL + "\n````" in build["output"]
    assert tests[0]["output"] == "ok"


def test_summary_output_in_english(english: object) -> None:
    """With --lang en the summary table and outputs are English."""
    document = gradescope.document(sample())
    assert "| exercise | points |" in document["output"]
    assert "| **total** | **4/14** |" in document["output"]
    assert "images replaced by their offline stand-ins: nginx:latest" in document["output"]
    assert document["tests"][0]["output"] == "passed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a_b*c", r"a\_b\*c"), ("<b>&", r"\<b\>\&"), ("$HOME", r"\$HOME"), ("[x](y)", r"\[x\](y)"), ("plain", "plain")],
)
def test_escape(text: str, expected: str) -> None:
    """Markdown, HTML and math specials are escaped; plain text is untouched."""
    assert escape(text) == expected


def test_fence_outlasts_backticks_inside() -> None:
    """A log tail holding ``` gets a longer fence, so it cannot close the block early."""
    assert fenced("a\n`````b") == "``````\na\n`````b\n``````"
    assert fenced("plain") == "```\nplain\n```"
