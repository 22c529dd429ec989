"""Parse a student's run.sh into structured docker commands, with shlex and never a shell.

Lines that are not docker commands (curl, echo, loops, pipes…) are kept as skipped lines with
their number, so the student is told they were not executed.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

_PREFIXES = frozenset({"sudo", "winpty"})
_SEPARATORS = frozenset({"&&", ";"})
# Old top-level syntax → (object, action) of the new syntax.
_SHORTHANDS = {
    "pull": ("image", "pull"),
    "push": ("image", "push"),
    "tag": ("image", "tag"),
    "rmi": ("image", "rm"),
    "images": ("image", "ls"),
    "build": ("image", "build"),
    "run": ("container", "run"),
    "ps": ("container", "ls"),
    "inspect": ("object", "inspect"),
}
_ACTION_ALIASES = {"list": "ls", "remove": "rm", "ps": "ls"}
_OBJECTS = frozenset({"image", "container", "network", "volume"})
# Flags whose value is the next word (``-f '{{.Id}}'``); the value is not an image name.
_VALUE_FLAGS = {
    ("image", "inspect"): frozenset({"-f", "--format", "--platform"}),
    ("object", "inspect"): frozenset({"-f", "--format", "--type"}),
    ("image", "ls"): frozenset({"-f", "--filter", "--format"}),
    ("image", "pull"): frozenset({"--platform"}),
    ("image", "build"): frozenset({"-f", "--file", "-t", "--tag", "--build-arg", "--label", "--platform", "--target"}),
}


@dataclass(frozen=True)
class DockerCommand:
    """One docker command of a script: ``docker <object> <action> <args…>``."""

    line: int
    text: str
    object: str
    action: str
    args: tuple[str, ...]

    @property
    def positional(self) -> tuple[str, ...]:
        """Arguments that are neither flags nor the values of flags that take one."""
        takes_value = _VALUE_FLAGS.get((self.object, self.action), frozenset())
        words, skip = [], False
        for arg in self.args:
            if skip:
                skip = False
            elif arg.startswith("-"):
                skip = arg in takes_value
            else:
                words.append(arg)
        return tuple(words)


@dataclass(frozen=True)
class SkippedLine:
    """A line that is never executed, and why."""

    line: int
    text: str
    reason: str


@dataclass
class Script:
    """A parsed script: its docker commands in order and the lines that were skipped."""

    commands: list[DockerCommand] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)


def parse_script(text: str) -> Script:
    """Parse a whole script; never raises on student input."""
    script = Script()
    for number, line in _logical_lines(text):
        for words in _split_chain(line, number, script):
            _add_command(script, number, line, words)
    return script


def _logical_lines(text: str) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        start = start or number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        lines.append((start, pending + raw))
        pending, start = "", 0
    if pending:
        lines.append((start, pending))
    return [(number, line) for number, line in lines if line.strip() and not line.lstrip().startswith("#")]


def _split_chain(line: str, number: int, script: Script) -> list[list[str]]:
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
    except ValueError as error:
        script.skipped.append(SkippedLine(number, line.strip(), f"linha inválida: {error}"))
        return []
    chains: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS:
            chains.append([])
        elif re.fullmatch(r"[|<>&]+", token):
            script.skipped.append(SkippedLine(number, line.strip(), f"operador de shell não suportado: {token}"))
            return []
        else:
            chains[-1].append(token)
    return [words for words in chains if words]


def _add_command(script: Script, number: int, line: str, words: list[str]) -> None:
    while words and words[0] in _PREFIXES:
        words = words[1:]
    if not words or words[0] != "docker" or len(words) < 2:
        script.skipped.append(SkippedLine(number, line.strip(), "não é um comando docker"))
        return
    head, rest = words[1], words[2:]
    if head in _OBJECTS and rest:
        obj, action, args = head, _ACTION_ALIASES.get(rest[0], rest[0]), rest[1:]
    elif head in _SHORTHANDS:
        (obj, action), args = _SHORTHANDS[head], rest
    else:
        script.skipped.append(SkippedLine(number, line.strip(), f"comando docker não suportado: {head}"))
        return
    script.commands.append(DockerCommand(number, line.strip(), obj, action, tuple(args)))
