"""A batch's progress: a live bar on a terminal, plain lines in a log, never a workflow command."""

from __future__ import annotations

import io

from dockgrade.batch.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_plain_lines_and_no_bar() -> None:
    log = io.StringIO()
    progress = Progress(2, log)
    progress.line("[1/2] ana: graded 7/7")
    progress.advance("ana")
    progress.close()
    assert log.getvalue() == "[1/2] ana: graded 7/7\n"


def test_a_terminal_gets_a_bar_with_count_and_eta_under_the_lines() -> None:
    screen = Terminal()
    progress = Progress(2, screen)
    progress.line("[1/2] ana: graded 7/7")
    progress.advance("ana")
    progress.advance("bruno")
    progress.close()
    shown = screen.getvalue()
    assert "[1/2] ana: graded 7/7\n" in shown
    for part in ("2/2", "<00:00", "bruno"):
        assert part in shown


def test_a_line_is_never_a_workflow_command() -> None:
    """A student named ``::error::x`` (roster fields are untrusted) cannot make Actions act on a progress line."""
    log = io.StringIO()
    Progress(1, log).line("::error::x: graded")
    assert not log.getvalue().startswith("::")
