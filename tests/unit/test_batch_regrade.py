"""A student whose grading hit a grader or engine error is graded once more before the result is recorded."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from dockgrade.batch import runner
from dockgrade.batch.roster import Entry
from dockgrade.batch.runner import Batch, Settings, StudentResult, cache_key, child_command, grader_errors
from dockgrade.runtime.engines import Engine


def check(name: str, outcome: str, cause: str = "") -> dict[str, Any]:
    return {"id": f"s5-e02-first-build::{name}", "outcome": outcome, "cause": cause}


ENGINE_HICCUP = {"checks": [check("builds", "passed"), check("serves_page", "errored", "GraderTimeout")]}
CLEAN = {"checks": [check("builds", "passed"), check("serves_page", "passed")]}


def test_grader_errors_are_errored_checks() -> None:
    assert grader_errors(ENGINE_HICCUP) == ["s5-e02-first-build::serves_page"]
    assert grader_errors(CLEAN) == []


def test_offline_and_student_failures_are_not_grader_errors() -> None:
    report = {"checks": [check("up", "errored", "NotRunnableOffline"), check("serves_page", "failed", "CheckFailed")]}
    assert grader_errors(report) == []


class ScriptedBatch(Batch):
    """A batch whose child gradings return the given reports in turn."""

    def __init__(self, tmp_path: Path, reports: list[dict[str, Any]]) -> None:
        super().__init__([], Settings(out=tmp_path / "out", engines=[], workers=1, sections=[5]))
        self.reports = reports
        self.children = 0

    def _child(self, entry: Entry, submission: Path, engine: Engine) -> StudentResult:
        report = self.reports[min(self.children, len(self.reports) - 1)]
        self.children += 1
        return StudentResult(entry.student, "graded", report=report, engine=engine.name)


@pytest.fixture
def entry(tmp_path: Path) -> Entry:
    (tmp_path / "repo").mkdir()
    return Entry("ana", str(tmp_path / "repo"))


def test_engine_hiccup_is_graded_again(tmp_path: Path, entry: Entry) -> None:
    batch = ScriptedBatch(tmp_path, [ENGINE_HICCUP, CLEAN])
    result = batch._grade(entry, Engine(), attempts=1)
    assert (batch.children, result.report, result.attempts) == (2, CLEAN, 2)


def test_graded_again_once_only(tmp_path: Path, entry: Entry) -> None:
    batch = ScriptedBatch(tmp_path, [ENGINE_HICCUP])
    result = batch._grade(entry, Engine(), attempts=1)
    assert (batch.children, result.report) == (2, ENGINE_HICCUP)


def test_clean_grading_runs_once(tmp_path: Path, entry: Entry) -> None:
    batch = ScriptedBatch(tmp_path, [CLEAN])
    batch._grade(entry, Engine(), attempts=1)
    assert batch.children == 1


def test_grading_process_never_gets_the_git_token(
    tmp_path: Path, entry: Entry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token is git's alone: the child grading a student's code runs without it."""
    monkeypatch.setenv("DOCKGRADE_GIT_TOKEN", "ghp_segredo")
    monkeypatch.setattr(Engine, "answers", lambda _self: True)
    seen: list[dict[str, str]] = []

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        seen.append(options["env"])
        return subprocess.CompletedProcess(command, 2, "", "")

    monkeypatch.setattr(subprocess, "run", run)
    batch = Batch([entry], Settings(out=tmp_path / "out", engines=[], workers=1, sections=[5]))
    batch._child(entry, tmp_path / "repo", Engine())
    assert len(seen) == 1
    assert "DOCKGRADE_GIT_TOKEN" not in seen[0]


def test_child_grading_writes_the_students_page_under_their_name(tmp_path: Path) -> None:
    """Each child grading writes report.html beside report.json, titled with the student's name (one argv word,
    so a name starting with "-" stays a value), in the batch's language; the language is part of the cache key."""
    settings = Settings(tmp_path, [], 1, [5], language="en")
    command = child_command(tmp_path / "repo", tmp_path / "ana" / "report.json", settings, "-ana")
    assert command[command.index("--dockgrade-html") + 1] == str(tmp_path / "ana" / "report.html")
    assert "--submission-name=-ana" in command
    assert command[command.index("--lang") + 1] == "en"
    assert cache_key("v1", [5], language="en") != cache_key("v1", [5], language="pt")


def test_grader_version_follows_graders_not_their_test_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing a grader regrades the class; editing one of its mutants or variants does not."""
    grader = tmp_path / "graders" / "secao5" / "build-dev"
    (grader / "mutants" / "sem-user").mkdir(parents=True)
    (grader / "test_s5.py").write_text("A = 1\n", encoding="utf-8")
    (grader / "mutants" / "sem-user" / "mutant.yml").write_text("fails: [a]\n", encoding="utf-8")
    (tmp_path / "src" / "dockgrade").mkdir(parents=True)
    monkeypatch.setattr(runner, "PROJECT_ROOT", tmp_path)
    before = runner.grader_version()
    (grader / "mutants" / "sem-user" / "mutant.yml").write_text("fails: [b]\n", encoding="utf-8")
    assert runner.grader_version() == before
    (grader / "test_s5.py").write_text("A = 2\n", encoding="utf-8")
    assert runner.grader_version() != before
