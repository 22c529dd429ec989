"""Gradescope's ``results.json`` (``--dockgrade-gradescope PATH``; on Gradescope ``/autograder/results/results.json``).

Written to Gradescope's autograder specification: top-level ``score`` (points earned), ``output``
(a Markdown summary) and ``tests``, one per check, each with ``name``, ``number`` ("exercise.check",
both 1-based), ``score``, ``max_score``, ``status`` (``passed``/``failed``), ``output`` in Markdown
(message, hint, log tail), ``tags`` (the exercise id) and ``visibility``. A check that was not run or
hit a grader fault is ``failed`` with 0 points, as in every other output; so is a check of an exercise not
handed in ("não entregue" in its output). A superseded check (a later step changed what it saw) is
``passed`` with 0 of 0 points and "superado" in its output. ``extra_data`` keeps ``max_score``, the run's
points possible.

Gradescope shows instructors everything, so every check is written in full; a hidden check gets
``VISIBILITY`` and students see it only once the instructor publishes the grades.
The schema the tests validate against is ``tests/schemas/gradescope-results.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.reporters.markdown import advice, check_output, score_table

VISIBILITY = "after_published"


def document(report: Report) -> dict[str, Any]:
    """The ``results.json`` content for ``report`` (the instructor's view: Gradescope masks by ``visibility``)."""
    earned, possible = report.total()
    tests = [
        _test(result, f"{exercise}.{check}")
        for exercise, score in enumerate(report.exercises(), start=1)
        for check, result in enumerate(score.results, start=1)
    ]
    return {
        "score": earned,
        "output": "\n\n".join(part for part in (score_table(report), advice(report)) if part),
        "output_format": "md",
        "tests": tests,
        "extra_data": {"max_score": possible},
    }


def write(report: Report, path: Path) -> None:
    """Write ``results.json`` for ``report`` to ``path``."""
    path.write_text(json.dumps(document(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _test(result: CheckResult, number: str) -> dict[str, Any]:
    return {
        "name": f"{result.exercise}: {result.title}",
        "number": number,
        "score": result.earned,
        "max_score": result.possible,
        "status": "passed" if result.outcome in (Outcome.PASSED, Outcome.SUPERSEDED) else "failed",
        "output": check_output(result),
        "output_format": "md",
        "tags": [result.exercise],
        "visibility": VISIBILITY if result.hidden else "visible",
    }
