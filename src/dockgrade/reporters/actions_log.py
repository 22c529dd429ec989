"""The GitHub Actions log: no text a submission produced may reach it as a workflow command.

The Actions runner reads a step's stdout and stderr line by line (a line ends at ``\\r\\n``, ``\\r`` or
``\\n``) and parses two forms as commands (``ActionCommand.TryParseV2``/``TryParse`` in actions/runner):

- ``::name props::data`` once the line's leading whitespace is trimmed (``::notice title=…::``,
  ``::error``, ``::add-mask``, ``::stop-commands::``, …);
- ``##[name props]data`` anywhere in the line.

A build log, container log, page body or file name can hold either (``RUN echo "::notice
title=Autograding complete::Points 44/44"``), so on Actions dockgrade guards its output twice:

1. every line the pytest terminal writes passes through ``inert``, which splits both forms with a
   space (``: :notice``, ``# #[error]``) and drops the line's invisible control and format characters
   (the runner compares culture-sensitively, where such characters are ignored);
2. the session runs between ``::stop-commands::<random token>`` and ``::<token>::``: the runner's own
   switch for logging untrusted text, which also covers what bypasses the terminal (stderr, xdist
   workers). dockgrade's own notices are printed after the resume, and only they.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, TextIO, cast

from dockgrade.core.settings import Settings

_LINE_END = re.compile(r"(\r\n|\r|\n)")
_INVISIBLE = frozenset(("Cc", "Cf"))


def on_actions(environ: Mapping[str, str] = os.environ) -> bool:
    """True inside a GitHub Actions job."""
    return Settings.from_environment(environ).github_actions


def inert(text: str) -> str:
    """``text`` with every line (runner's line ends) made unparseable as a workflow command."""
    parts = _LINE_END.split(text)
    return "".join(part if index % 2 else inert_line(part) for index, part in enumerate(parts))


def inert_line(line: str) -> str:
    """One line (no line end inside) as the runner will not parse it as a command; other lines unchanged."""
    if ":" not in line and "#" not in line:
        return line
    visible = "".join(char for char in line if char == "\t" or unicodedata.category(char) not in _INVISIBLE)
    if not is_command(visible):
        return line
    while "##[" in visible:
        visible = visible.replace("##[", "# #[")
    body = visible.lstrip()
    if body.startswith("::"):
        visible = visible[: len(visible) - len(body)] + ": :" + body[2:]
    return visible


def is_command(line: str) -> bool:
    """Whether the runner would try ``line`` as a command (either form; the command's name is not checked)."""
    return "##[" in line or line.lstrip().startswith("::")


class InertLines:
    """A text stream that writes each complete line to ``target`` through ``inert``.

    A partial line waits for its end: the runner joins what comes next onto it, so "#" now and
    "#[error]" later would be one command.
    """

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self._pending = ""

    def write(self, text: str) -> int:
        """Queue ``text``; write out every line it completes."""
        self._pending += text
        ends = [match.end() for match in _LINE_END.finditer(self._pending)]
        if ends:
            complete, self._pending = self._pending[: ends[-1]], self._pending[ends[-1] :]
            self._emit(inert(complete))
        return len(text)

    def finish(self) -> None:
        """Write the partial line left, ended, so that what follows starts a line of its own."""
        if self._pending:
            self._emit(inert(self._pending) + "\n")
            self._pending = ""
        self.target.flush()

    def flush(self) -> None:
        """Flush what was written (a partial line keeps waiting)."""
        self.target.flush()

    def isatty(self) -> bool:
        """As the target."""
        return bool(self.target.isatty())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)

    def _emit(self, text: str) -> None:
        try:
            self.target.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.target, "encoding", None) or "ascii"
            self.target.write(text.encode(encoding, "backslashreplace").decode(encoding))


class CommandsPaused:
    """Workflow commands paused on ``raw`` (``::stop-commands::``) until ``resume`` prints dockgrade's own."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw
        self.lines = InertLines(raw)
        self._token = secrets.token_hex(16)
        self._deferred: list[str] = []
        self._resumed = False
        self.raw.write(f"::stop-commands::{self._token}\n")
        self.raw.flush()

    def defer(self, commands: Iterable[str]) -> None:
        """Print ``commands`` (dockgrade's own workflow commands) once commands are resumed."""
        self._deferred.extend(commands)

    def resume(self) -> None:
        """End the pause, then print the deferred commands; safe to call twice."""
        if self._resumed:
            return
        self._resumed = True
        self.lines.finish()
        self.raw.write("".join(f"{line}\n" for line in [f"::{self._token}::", *self._deferred]))
        self.raw.flush()


def guard_terminal(writer: Any) -> CommandsPaused:
    """Pause commands on pytest's terminal writer's file and route the writer through ``inert``.

    pytest has no public way to change the file of its ``TerminalWriter``, so this sets its ``_file``
    (the unit tests pin that attribute, so a pytest that renames it fails them rather than the guard).
    """
    guard = CommandsPaused(writer._file)
    writer._file = cast(TextIO, guard.lines)
    return guard
