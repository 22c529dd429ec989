"""Bounded texts for the channels with a size limit; the HTML page and the JSON report keep everything.

A check's message can quote what the submission printed, and a failed build keeps up to 64 KiB of
its log, so the terminal (and pytest's failure text), JUnit, Gradescope, the GitHub step summary
and the GitHub Classroom result carry at most ``MESSAGE_CHARS`` of a message or hint and the last
``LOG_LINES`` lines of a log, each cut at ``LOG_LINE_CHARS``, ``LOG_CHARS`` in all. A cut says so
and where the whole text is. ``LOG_LINES`` is the ~15 lines STYLE.md asks a failed build to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dockgrade.core import messages
from dockgrade.core.results import CheckResult, Report


@dataclass(frozen=True)
class Limits:
    """How much of a check's texts one channel carries."""

    message_chars: int = 1000
    log_lines: int = 15
    log_line_chars: int = 240
    log_chars: int = 2000


DEFAULT = Limits()


def clipped(text: str, limit: int) -> str:
    """``text`` cut to its first ``limit`` characters, with a note of how much was left out."""
    if len(text) <= limit:
        return text
    return text[:limit] + messages.text("reports.clipped", count=len(text) - limit)


def log_tail(log: str, limits: Limits = DEFAULT) -> str:
    """The last lines of ``log`` within ``limits``, each long line cut."""
    lines = [clipped(line, limits.log_line_chars) for line in log.splitlines()[-limits.log_lines :]]
    while lines and sum(len(line) + 1 for line in lines) > limits.log_chars:
        lines.pop(0)
    return "\n".join(lines)


def brief(result: CheckResult, limits: Limits = DEFAULT) -> CheckResult:
    """``result`` with its message, hint and log tail bounded by ``limits``."""
    hint = clipped(result.hint, limits.message_chars) if result.hint else result.hint
    details = log_tail(result.details, limits) if result.details else ""
    return replace(result, message=clipped(result.message, limits.message_chars), hint=hint, details=details)


def brief_report(report: Report, limits: Limits = DEFAULT) -> Report:
    """``report`` with every result bounded by ``limits``."""
    results = [brief(result, limits) for result in report.results]
    return Report(results, list(report.substitutions), list(report.advice))
