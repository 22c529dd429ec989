"""GitHub Classroom (``--dockgrade-classroom``; on by default when ``GITHUB_ACTIONS=true``).

Classroom takes a grade from a workflow run in two ways, and dockgrade feeds both from the same
``Report``, so one step grades with weighted partial credit and the console total is the total sent:

- the notice annotations of its original autograding action, printed on stdout::

      ::notice title=Autograding complete::Points 7/10
      ::notice title=Autograding report::{"totalPoints":7,"maxPoints":10}

- the runner result its grading-reporter action reads (``runners: dockgrade`` with the env variable
  ``DOCKGRADE_RESULTS`` set to this step's ``result`` output, base64 JSON)::

      {"version": 1, "status": "pass"|"fail"|"error", "max_score": 10,
       "tests": [{"name": "...", "status": "pass"|"fail"|"error", "score": 2, "message": "...",
                  "line_no": 0}]}

  That reporter adds up the tests' ``score`` values, so each check carries the points it earned
  (``reporter_scores``: in floating point, so that the reporter's sum prints as dockgrade's total).
  ``line_no`` is 0, as Classroom's command grader sends it (the reporter then prints no "- line N").
  It is appended as ``result=<base64>`` to ``$GITHUB_OUTPUT`` when set, and written as plain JSON to
  ``--dockgrade-classroom-json PATH`` when asked. The reporter receives it in an environment
  variable, and Linux refuses to start a program with one over 128 KiB, so the encoded result is
  kept under ``RESULT_BYTES``: messages are bounded (``brief``) and shortened further until it fits.
  The reporter prints the messages of ``error`` tests in its own step, where no dockgrade guard
  runs, so every message is made ``inert`` first.

The score table and the failed checks also go to ``$GITHUB_STEP_SUMMARY`` (the run's summary page)
when set. Students read all of this, so it is given the student view (hidden checks masked).

When the grading reporter runs in the workflow, it prints the two notices itself: the plugin then
leaves them out (``--no-dockgrade-classroom-notices``), so a run shows each once.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import operator
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from dockgrade.core import messages
from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.core.settings import Settings
from dockgrade.reporters.actions_log import inert
from dockgrade.reporters.brief import Limits, brief, brief_report
from dockgrade.reporters.markdown import advice, escape, failures, score_table
from dockgrade.reporters.summary import outcome_label, points

COMPLETE_TITLE = "Autograding complete"
REPORT_TITLE = "Autograding report"
RUNNER = "dockgrade"
# The encoded result's bound: far under the 128 KiB an environment string may have on Linux.
RESULT_BYTES = 48 * 1024
# Each step shortens every message further while the result is over RESULT_BYTES (None: no messages at all).
_SHORTER = (Limits(), Limits(400, 5, 160, 400), Limits(120, 0, 0, 0), None)
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
    earned, possible = report.total()
    totals = json.dumps({"totalPoints": _number(earned), "maxPoints": _number(possible)}, separators=(",", ":"))
    return [_notice(COMPLETE_TITLE, f"Points {points(earned)}/{points(possible)}"), _notice(REPORT_TITLE, totals)]


def runner_result(report: Report) -> dict[str, Any]:
    """The result Classroom's grading reporter reads for one runner, each check worth what it earned.

    Its messages are as long as ``encoded`` keeps under ``RESULT_BYTES``.
    """
    statuses = {_STATUS[result.outcome] for result in report.results}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    for limits in _SHORTER:
        runner = {
            "version": 1,
            "status": status,
            "max_score": _number(report.total()[1]),
            "tests": [
                _test(_bounded(check, limits), score)
                for check, score in zip(report.results, reporter_scores(report.results), strict=True)
            ],
        }
        if len(encoded(runner)) <= RESULT_BYTES:
            break
    return runner


def _bounded(result: CheckResult, limits: Limits | None) -> CheckResult:
    """``result`` within ``limits``; with none, without any message (only so many tests fit at all)."""
    return brief(result, limits) if limits else replace(result, message="", hint=None, details="")


def encoded(result: dict[str, Any]) -> str:
    """The runner result as the reporter reads it: base64 of its UTF-8 JSON."""
    return base64.b64encode(json.dumps(result, ensure_ascii=False).encode("utf-8")).decode("ascii")


def step_summary(report: Report) -> str:
    """The Markdown for the workflow run's summary page: the score table, what did not pass, then the advice."""
    parts = [f"### {escape(messages.text('summary.title'))}", score_table(report), failures(report), advice(report)]
    return "\n\n".join(part for part in parts if part) + "\n"


def publish(report: Report, environ: Mapping[str, str], path: Path | None = None) -> None:
    """Hand the runner result to Actions (``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY``) and to ``path``.

    The notices are console lines: the plugin prints them after the score table, or on Actions as the last
    lines of the step, once workflow commands are resumed (``notices``, ``actions_log``).
    """
    result = runner_result(report)
    if path is not None:
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    given = Settings.from_environment(environ)
    if output := given.github_output:
        _append(Path(output), f"result={encoded(result)}\n")
    if summary_path := given.github_step_summary:
        _append(Path(summary_path), inert(step_summary(brief_report(report))))


def decode_output(line: str) -> dict[str, Any]:
    """The runner result from a ``result=<base64>`` line of ``$GITHUB_OUTPUT`` (what the reporter does)."""
    value: dict[str, Any] = json.loads(base64.b64decode(line.strip().removeprefix("result=")).decode("utf-8"))
    return value


def reporter_scores(results: list[CheckResult]) -> list[int | float]:
    """Each check's earned points, the last nonzero ones nudged by a few units in the last place if needed, so
    that the reporter's sum (JavaScript, left to right from 0) is the double nearest dockgrade's total.

    Without it, 0.1 + 0.2 earned shows as "Points 0.30000000000000004/1.3" where the table says 0.3/1.3.
    When no last score reaches the total from the sum before it, the one before that is nudged too.
    """
    scores = [_number(result.earned) for result in results]
    target = _number(sum(result.earned for result in results))
    nonzero = [index for index, score in enumerate(scores) if score]
    if not nonzero or _float_sum(scores) == target:
        return scores
    last = nonzero[-1]
    # What the nonzero score before the last may be: itself, then its neighbours (nothing when there is none).
    options = [scores[nonzero[-2]], *_neighbours(scores[nonzero[-2]])] if len(nonzero) > 1 else [None]
    for option in options:
        trial = list(scores)
        if option is not None:
            trial[nonzero[-2]] = option
        if (found := _reaching(_float_sum(trial[:last]), target)) is not None:
            trial[last] = found
            return trial
    return scores


def _reaching(before: float, target: float) -> float | None:
    """A value x near ``target - before`` with ``before + x == target`` in floating point, if there is one."""
    for candidate in [target - before, *_neighbours(target - before)]:
        if before + candidate == target:
            return candidate
    return None


def _neighbours(value: float, steps: int = 4) -> list[float]:
    """The doubles up to ``steps`` units in the last place either side of ``value``, nearest first."""
    found, up, down = [], float(value), float(value)
    for _step in range(steps):
        up, down = math.nextafter(up, math.inf), math.nextafter(down, -math.inf)
        found += [up, down]
    return found


def _float_sum(values: list[int | float]) -> float:
    """Plain left-to-right addition, as the reporter's reduce does (Python 3.12's sum() compensates)."""
    return functools.reduce(operator.add, values, 0.0)


def _test(result: CheckResult, score: int | float) -> dict[str, Any]:
    return {
        "name": f"{result.exercise}: {result.title}",
        "status": _STATUS[result.outcome],
        "score": score,
        "message": inert(_message(result)),
        "line_no": 0,
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
