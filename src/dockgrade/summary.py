"""Plain-text views of a report for the terminal: the score table and each failure's text."""

from __future__ import annotations

from dockgrade import messages
from dockgrade.advice import Advice
from dockgrade.results import CheckResult, Outcome, Report

_MARKS = {Outcome.PASSED: "✔", Outcome.FAILED: "✘", Outcome.NOT_RUN: "–", Outcome.ERRORED: "!"}


def failure_text(result: CheckResult) -> str:
    """What the student reads for a failed check: the message, the hint, the log tail."""
    lines = [f"{result.title}", f"  {result.message}"]
    if result.hint:
        lines.append("  " + messages.text("hint", hint=result.hint))
    if result.details:
        lines.append("  " + messages.text("build.log_tail"))
        lines += [f"    {line}" for line in result.details.splitlines()]
    return "\n".join(lines)


def table(report: Report) -> str:
    """The per-exercise score table with every check that did not pass, then the total."""
    lines = [f"=== {messages.text('summary.title')} ==="]
    for score in report.exercises():
        lines.append(f"{score.exercise:<40} {_points(score.earned)}/{_points(score.possible)}")
        for result in score.results:
            if result.outcome is not Outcome.PASSED:
                lines.append(f"  {_MARKS[result.outcome]} {result.check}: {result.title}")
                lines.append(f"      {result.message}")
                if result.hint:
                    lines.append("      " + messages.text("hint", hint=result.hint))
        lines += _advice_lines(report, score.exercise)
    earned, possible = report.total()
    lines.append(f"{messages.text('summary.total'):<40} {_points(earned)}/{_points(possible)}")
    lines += report.substitution_notes()
    return "\n".join(lines)


def _advice_lines(report: Report, exercise: str) -> list[str]:
    advice = report.advice_for(exercise)
    if not advice:
        return []
    return [f"  ℹ {messages.text('advice.title')}:"] + [f"      {advice_line(item)}" for item in advice]


def advice_line(item: Advice) -> str:
    """One piece of Dockerfile advice as a sentence: where, what, which rule."""
    return messages.text("advice.line", file=item.file, line=item.line, text=item.text, rule=item.rule)


def _points(value: float) -> str:
    return f"{value:g}"
