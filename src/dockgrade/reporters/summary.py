"""Plain-text views of a report for the terminal: the score table and each failure's text."""

from __future__ import annotations

from dockgrade.core import messages
from dockgrade.core.advice import Advice
from dockgrade.core.results import CheckResult, ExerciseScore, Outcome, Report

MARKS = {
    Outcome.PASSED: "✔",
    Outcome.FAILED: "✘",
    Outcome.NOT_RUN: "–",
    Outcome.ERRORED: "!",
    Outcome.ABSENT: "∅",
    Outcome.SUPERSEDED: "↷",
}


def outcome_label(result: CheckResult) -> str:
    """The outcome in the reader's words ("falhou", "não entregue", "superado", "não executável offline"…)."""
    key = "outcome.offline" if result.cause == "NotRunnableOffline" else f"outcome.{result.outcome.value}"
    return messages.text(key)


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
        lines.append(f"{score.exercise:<40} {points(score.earned)}/{points(score.possible)}{_absent_mark(score)}")
        if score.absent:
            lines.append(f"  {MARKS[Outcome.ABSENT]} {score.results[0].message}")
        else:
            lines += [line for result in score.results for line in _check_lines(result)]
        lines += _advice_lines(report, score.exercise)
    earned, possible = report.total()
    lines.append(f"{messages.text('summary.total'):<40} {points(earned)}/{points(possible)}")
    lines += report.substitution_notes()
    return "\n".join(lines)


def _absent_mark(score: ExerciseScore) -> str:
    return f"  ({messages.text('outcome.absent')})" if score.absent else ""


def _check_lines(result: CheckResult) -> list[str]:
    """A check that did not pass: mark, id and title, then its message and hint (a superseded one says by what)."""
    if result.outcome is Outcome.PASSED:
        return []
    label = f" ({messages.text('outcome.superseded')})" if result.outcome is Outcome.SUPERSEDED else ""
    lines = [f"  {MARKS[result.outcome]} {result.check}: {result.title}{label}", f"      {result.message}"]
    if result.hint:
        lines.append("      " + messages.text("hint", hint=result.hint))
    return lines


def _advice_lines(report: Report, exercise: str) -> list[str]:
    advice = report.advice_for(exercise)
    if not advice:
        return []
    return [f"  ℹ {messages.text('advice.title')}:"] + [f"      {advice_line(item)}" for item in advice]


def advice_line(item: Advice) -> str:
    """One piece of Dockerfile advice as a sentence: where, what, which rule."""
    return messages.text("advice.line", file=item.file, line=item.line, text=item.text, rule=item.rule)


def points(value: float) -> str:
    """Points as every report prints them: up to 4 decimals, no trailing zeros (0.1 + 0.2 prints 0.3)."""
    return f"{round(value, 4):g}"
