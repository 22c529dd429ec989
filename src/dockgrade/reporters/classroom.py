"""GitHub Classroom (``--dockgrade-classroom``; on by default when ``GITHUB_ACTIONS=true``).

Classroom takes a grade from a workflow run in two ways, and dockgrade feeds both from the same
``Report``, so one step grades with weighted partial credit and the console total is the total sent:

- the notice annotations of its original autograding action, printed on stdout::

      ::notice title=Autograding complete::Points 7/10
      ::notice title=Autograding report::{"totalPoints":7,"maxPoints":10}

- the runner result its grading-reporter action reads (``runners: dockgrade`` with the env variable
  ``DOCKGRADE_RESULTS`` set to this step's ``result`` output, base64 JSON)::

      {"version": 1, "status": "pass"|"fail"|"error", "max_score": 10,
       "tests": [{"name": "...", "status": "pass"|"fail"|"error", "score": 2, "message": "..."}]}

  That reporter adds up the tests' ``score`` values, so each check carries the points it earned.
  It is appended as ``result=<base64>`` to ``$GITHUB_OUTPUT`` when set, and written as plain JSON to
  ``--dockgrade-classroom-json PATH`` when asked.

The score table and the failed checks also go to ``$GITHUB_STEP_SUMMARY`` (the run's summary page)
when set. Students read all of this, so it is given the student view (hidden checks masked).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dockgrade import messages
from dockgrade.reporters.markdown import advice, escape, failures, score_table
from dockgrade.results import CheckResult, Outcome, Report
from dockgrade.summary import outcome_label

COMPLETE_TITLE = "Autograding complete"
REPORT_TITLE = "Autograding report"
RUNNER = "dockgrade"
# Not handed in loses its points: "fail". Superseded is neither earned nor lost (out of the maximum): "pass",
# with the message saying which later step superseded it.
_STATUS = {
    Outcome.PASSED: "pass",
    Outcome.FAILED: "fail",
    Outcome.NOT_RUN: "fail",
    Outcome.ERRORED: "error",
    Outcome.ABSENT: "fail",
    Outcome.SUPERSEDED: "pass",
}


def notices(report: Report) -> list[str]:
    """The two notice lines Classroom reads: "Points X/Y" and the JSON totals."""
    earned, possible = (_number(value) for value in report.total())
    totals = json.dumps({"totalPoints": earned, "maxPoints": possible}, separators=(",", ":"))
    return [_notice(COMPLETE_TITLE, f"Points {earned}/{possible}"), _notice(REPORT_TITLE, totals)]


def runner_result(report: Report) -> dict[str, Any]:
    """The result Classroom's grading reporter reads for one runner, each check worth what it earned."""
    statuses = {_STATUS[result.outcome] for result in report.results}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    return {
        "version": 1,
        "status": status,
        "max_score": _number(report.total()[1]),
        "tests": [_test(result) for result in report.results],
    }


def step_summary(report: Report) -> str:
    """The Markdown for the workflow run's summary page: the score table, what did not pass, then the advice."""
    parts = [f"### {escape(messages.text('summary.title'))}", score_table(report), failures(report), advice(report)]
    return "\n\n".join(part for part in parts if part) + "\n"


def publish(report: Report, environ: Mapping[str, str], path: Path | None = None) -> None:
    """Hand the runner result to Actions (``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY``) and to ``path``.

    The notices are console lines: the plugin prints them after the score table (``notices``).
    """
    result = runner_result(report)
    if path is not None:
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if output := environ.get("GITHUB_OUTPUT"):
        encoded = base64.b64encode(json.dumps(result, ensure_ascii=False).encode("utf-8")).decode("ascii")
        _append(Path(output), f"result={encoded}\n")
    if summary_path := environ.get("GITHUB_STEP_SUMMARY"):
        _append(Path(summary_path), step_summary(report))


def decode_output(line: str) -> dict[str, Any]:
    """The runner result from a ``result=<base64>`` line of ``$GITHUB_OUTPUT`` (what the reporter does)."""
    value: dict[str, Any] = json.loads(base64.b64decode(line.strip().removeprefix("result=")).decode("utf-8"))
    return value


def _test(result: CheckResult) -> dict[str, Any]:
    return {
        "name": f"{result.exercise}: {result.title}",
        "status": _STATUS[result.outcome],
        "score": _number(result.earned),
        "message": _message(result),
    }


def _message(result: CheckResult) -> str:
    lines = [result.message] if result.message else []
    if result.outcome is Outcome.SUPERSEDED:
        lines = [f"{outcome_label(result)}: {result.message}"]
    if result.hint:
        lines.append(messages.text("hint", hint=result.hint))
    if result.details:
        lines += [messages.text("build.log_tail"), result.details]
    return "\n".join(lines)


def _notice(title: str, message: str) -> str:
    """A ``::notice`` workflow command, escaped as Actions' toolkit escapes properties and data."""
    return f"::notice title={_escape_property(title)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _number(value: float) -> int | float:
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
