"""A grading that could not finish is explained to the student in the batch's language (their feedback shows it)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dockgrade.batch.roster import Entry
from dockgrade.batch.runner import Batch, Settings
from dockgrade.core import messages
from dockgrade.core.portuguese import words as portuguese_words
from dockgrade.runtime.engines import Engine


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    previous = messages.language()
    yield
    messages.set_language(previous)


def _error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, timed_out: bool) -> str:
    """The error recorded for a child grading that exits 2 (or runs out of time), graded in ``language``."""
    messages.set_language(language)
    monkeypatch.setattr(Engine, "answers", lambda _self: True)

    def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        if timed_out:
            raise subprocess.TimeoutExpired(command, 60)
        return subprocess.CompletedProcess(command, 2, "", "usage error")

    monkeypatch.setattr(subprocess, "run", run)
    (tmp_path / "repo").mkdir()
    entry = Entry("ana", str(tmp_path / "repo"))
    batch = Batch([entry], Settings(out=tmp_path / "out", engines=[], workers=1, sections=[5], timeout=60))
    return batch._child(entry, tmp_path / "repo", Engine()).error


@pytest.mark.parametrize(
    ("language", "timed_out", "expected"),
    [
        ("pt", False, "a correção falhou (código 2): usage error"),
        ("en", False, "the grading failed (exit code 2): usage error"),
        ("pt", True, "tempo esgotado (60s)"),
        ("en", True, "time ran out (60s)"),
    ],
)
def test_child_failure_in_the_batch_language(
    language: str, timed_out: bool, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pt text is as before; under en it is English, with no Portuguese word left."""
    error = _error(tmp_path, monkeypatch, language, timed_out)
    assert error == expected
    assert bool(portuguese_words(error)) == (language == "pt")
