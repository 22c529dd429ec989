"""Under ``--lang en`` a student reads no Portuguese: not in the terminal, the JSON report or the HTML page.

Per section (from ``catalogue.sections()``) one failing mutant is graded in English, chosen cheap (a few
seconds) and failing several checks, so failure messages, hints, "not run" reasons, a build's log tail and
Dockerfile advice all show up. The passing side is one run of the first exercise of every section's reference
(about 15 s together): the score table, the stand-in notes and the passed checks' titles. Grading every
reference again in English would cost minutes (section 9 alone takes several) and add only titles, which
``tests/unit/test_messages.py`` already checks for every check of every grader, without Docker: each has an
``en`` title, and no English text of the catalogue has a Portuguese word.

Where the line is (``dockgrade.portuguese``): prose words with a pt-only accent or from a list of frequent pt
words are ours and must be English. Not ours, so not looked at: names (``primeiro-build``, ``conteudo.html``,
exercise ids, container names), quoted text (the content of the student's files or output the feedback cites,
the course's expected texts like ``"Sem conteúdo"``), and the JSON's ``details`` and the HTML's ``<pre>`` (a
tool's log tail, verbatim). The terminal shows a shortened log tail too, and s5-e05's "missing from the log"
lists the course's startup lines unquoted (``usuário: www``): not ours either, and the mutants below were chosen
so that what they show verbatim is the engine's English, not a program's Portuguese output. A section added to
the catalogue fails here until it is given a mutant.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from dockgrade.core import portuguese
from dockgrade.course import catalogue
from tests.grading_run import GradingRun, grade, grader_for, left_behind, materialise, mutant

# One per section: cheap, and failing several checks with hints or leaving others not run.
MUTANT_PER_SECTION = {
    4: "secao4/mapear-portas/sem-p",  # three failures, each with a hint
    5: "secao5/build-dev/instrucao-invalida",  # a failed build: log tail, ten "not run", Dockerfile advice
    6: "secao6/rede-bridge/ambos-na-rede-nova",  # three failures with hints
    7: "secao7/compose-valido/rede-nao-declarada",  # the only check fails, naming the invalid file
    8: "secao8/e03-rest-api/compose-invalido",  # the compose gate fails, four checks not run
    9: "secao9/e02-volumes/init-fora-do-initdb",  # expected/got with a hint, a failed psql
}
# The engine fixture: skipped locally without an engine, failed under CI=true (the grading runs in a child).
pytestmark = pytest.mark.usefixtures("docker_client")


def test_first_exercises_in_english(tmp_path: Path) -> None:
    """The reference of every section's first exercise passes with English titles, table and notes."""
    firsts = [next(e for e in catalogue.EXERCISES if e.section == section) for section in catalogue.sections()]
    run = _grade_in_english([grader_for(exercise.id) for exercise in firsts], None, tmp_path)
    assert run.exit_code == 0, run.output
    assert [exercise["id"] for exercise in run.report["exercises"]] == [exercise.id for exercise in firsts]
    assert "dockgrade: score" in run.output
    _assert_english(run, tmp_path)
    assert left_behind(run) == []


@pytest.mark.parametrize("section", catalogue.sections())
def test_failing_mutant_in_english(section: int, tmp_path: Path) -> None:
    """A mutant's failures, hints and "not run" reasons read in English."""
    assert section in MUTANT_PER_SECTION, f"pick a failing mutant of section {section} for MUTANT_PER_SECTION"
    folder = mutant(MUTANT_PER_SECTION[section])
    spec = yaml.safe_load((folder / "mutant.yml").read_text(encoding="utf-8"))
    run = _grade_in_english([grader_for(spec["exercise"])], materialise(folder, spec, tmp_path), tmp_path)
    assert "failed" in run.outcomes().values(), run.output
    _assert_english(run, tmp_path)
    assert left_behind(run) == []


def _grade_in_english(targets: list[Path], submission: Path | None, workdir: Path) -> GradingRun:
    return grade(targets, submission, workdir, "--lang", "en", "--dockgrade-html", str(workdir / "report.html"))


def _assert_english(run: GradingRun, workdir: Path) -> None:
    """No Portuguese in the terminal, the JSON report's texts or the HTML page's text."""
    page = (workdir / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    found = {
        "terminal": portuguese.words(run.output),
        "html": portuguese.words(_visible_text(page)),
        **{place: portuguese.words(text) for place, text in _report_texts(run.report)},
    }
    assert {place: words for place, words in found.items() if words} == {}, run.output


def _report_texts(report: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) of every text of the JSON report a student reads; ``details`` is a verbatim log."""
    texts = [
        (f"{check['id']} {field}", check[field] or "")
        for check in report["checks"]
        for field in ("title", "message", "hint")
    ]
    return texts + [(f"advice {item['file']}:{item['line']}", item["text"]) for item in report["advice"]]


def _visible_text(page: str) -> str:
    """The HTML page's text as a reader sees it, without the styles and the verbatim log tails (``<pre>``)."""
    reader = _TextReader()
    reader.feed(page)
    return "\n".join(reader.parts)


class _TextReader(HTMLParser):
    """Collects text outside ``<style>``, ``<script>`` and ``<pre>``."""

    SKIPPED = frozenset({"style", "script", "pre"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skipping += tag in self.SKIPPED

    def handle_endtag(self, tag: str) -> None:
        self._skipping -= tag in self.SKIPPED

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
