"""Markdown shared by the Gradescope output and the GitHub Actions step summary."""

from __future__ import annotations

import re

from dockgrade.core import messages
from dockgrade.core.results import CheckResult, ExerciseScore, Outcome, Report
from dockgrade.reporters.summary import advice_line, outcome_label

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#$])")


def escape(text: str) -> str:
    """``text`` with Markdown's, inline HTML's and math's (``$``) special characters backslash-escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def fenced(text: str) -> str:
    """``text`` as a fenced code block whose fence no backtick run inside can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.rstrip()}\n{fence}"


def check_output(result: CheckResult) -> str:
    """What the student reads about one check: message (or outcome), hint in bold, log tail in a code block."""
    parts = [escape(result.message or outcome_label(result))]
    if result.outcome is Outcome.SUPERSEDED and result.message:
        parts = [f"*{escape(outcome_label(result))}*: {parts[0]}"]
    if result.hint:
        parts.append("**" + escape(messages.text("hint", hint=result.hint)) + "**")
    if result.details:
        parts.append(escape(messages.text("build.log_tail")) + "\n\n" + fenced(result.details))
    return "\n\n".join(parts)


def score_table(report: Report) -> str:
    """The per-exercise points as a Markdown table ending with the total, then the stand-in note."""
    exercise, points, total = (messages.text(key) for key in ("summary.exercise", "summary.points", "summary.total"))
    lines = [f"| {escape(exercise)} | {escape(points)} |", "| --- | ---: |"]
    lines += [f"| {escape(s.exercise)} | {s.earned:g}/{s.possible:g}{_absent(s)} |" for s in report.exercises()]
    earned, possible = report.total()
    lines.append(f"| **{escape(total)}** | **{earned:g}/{possible:g}** |")
    if notes := report.substitution_notes():
        lines += ["", *(escape(note) for note in notes)]
    return "\n".join(lines)


def _absent(score: ExerciseScore) -> str:
    return f" ({escape(messages.text('outcome.absent'))})" if score.absent else ""


def advice(report: Report) -> str:
    """The unscored Dockerfile advice, a titled list per exercise ("" when there is none)."""
    blocks = []
    for score in report.exercises():
        if items := report.advice_for(score.exercise):
            lines = [f"**{escape(score.exercise)}** — {escape(messages.text('advice.title'))}", ""]
            blocks.append("\n".join(lines + [f"- {escape(advice_line(item))}" for item in items]))
    return "\n\n".join(blocks)


def failures(report: Report) -> str:
    """Every check that did not pass, as a list: exercise, title, then its output indented; an exercise not handed
    in is one item (its checks all say the same)."""
    items = []
    absent = [score.exercise for score in report.exercises() if score.absent]
    for exercise in absent:
        result = next(result for result in report.results if result.exercise == exercise)
        items.append(f"- **{escape(exercise)}** — {escape(result.message or outcome_label(result))}")
    for result in report.results:
        if result.outcome is not Outcome.PASSED and result.exercise not in absent:
            body = check_output(result).replace("\n", "\n  ")
            items.append(f"- **{escape(result.exercise)}** — {escape(result.title)}\n\n  {body}")
    return "\n".join(items)
