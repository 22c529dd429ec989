"""Parse a student's run.sh into structured docker commands, with shlex and never a shell.

Understood: comments, blank lines, ``\\`` continuations, ``&&``/``;`` chains, ``cd DIR``,
``$(pwd)``/``$PWD``/``${PWD}``/backticks, ``sudo``/``winpty`` prefixes, old and new docker
syntax, short, long, bundled (``-dit``) and ``--flag=value`` flags. Anything else (curl, echo,
loops, pipes, other substitutions, unknown flags) is kept as a skipped line with its number, so
the student is told it was not executed.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from dockgrade.core.messages import text as say
from dockgrade.script.docker_flags import ACTION_ALIASES, CANONICAL, OBJECTS, SHORTHANDS, SPECS, FlagSpec

_PREFIXES = frozenset({"sudo", "winpty"})
_SEPARATORS = frozenset({"&&", ";"})
_PWD = re.compile(r"\$\(pwd\)|\$\{PWD\}|\$PWD\b|`pwd`")
_PWD_MARK = "\x00PWD\x00"
_OTHER_SUBSTITUTION = re.compile(r"\$\(|`")
_VARIABLE = re.compile(r"\$[A-Za-z_{]")
_SINGLE_QUOTED = re.compile(r"'[^']*'")
# Subcommands that mean nothing without their operands (``docker run`` with no image…).
_MINIMUM_OPERANDS = {
    ("container", "run"): 1,
    ("container", "create"): 1,
    ("container", "exec"): 2,
    ("image", "tag"): 2,
    ("network", "create"): 1,
    ("network", "connect"): 2,
    ("network", "disconnect"): 2,
}


@dataclass(frozen=True)
class DockerCommand:
    """One docker command: ``docker <object> <action> [options] <positional…>``."""

    line: int
    text: str
    object: str
    action: str
    options: tuple[tuple[str, str], ...] = ()
    positional: tuple[str, ...] = ()
    cwd: Path = Path(".")

    def option(self, name: str) -> str | None:
        """The last value given for a long option (``"true"`` for switches), or None."""
        values = self.all(name)
        return values[-1] if values else None

    def all(self, name: str) -> list[str]:
        """Every value given for a repeatable long option (``--publish``, ``--volume``…)."""
        return [value for key, value in self.options if key == name]

    def has(self, name: str) -> bool:
        """True when the switch or option was given."""
        return any(key == name for key, _ in self.options)


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


class UnsupportedCommand(ValueError):
    """A command dockgrade will not run (the message is for the student)."""


def parse_script(text: str, folder: Path = Path("."), root: Path | None = None) -> Script:
    """Parse a whole script run from ``folder`` (``cd`` may not leave ``root``); never raises."""
    script = Script()
    cwd = folder
    for number, line in _logical_lines(text):
        try:
            cwd = _add_line(script, number, line, cwd, root or folder)
        except UnsupportedCommand as error:
            script.skipped.append(SkippedLine(number, line.strip(), str(error)))
    return script


def _add_line(script: Script, number: int, line: str, cwd: Path, root: Path) -> Path:
    """All commands of a chain, or none: ``docker pull x && rm -rf ~`` runs nothing."""
    parsed: list[DockerCommand] = []
    for words in _split_chain(line):
        cwd = _parse_part(parsed, number, line.strip(), words, cwd, root)
    script.commands.extend(parsed)
    return cwd


def parse_words(words: list[str], number: int = 1, text: str = "", cwd: Path = Path(".")) -> DockerCommand:
    """Turn the words of one ``docker …`` command into a DockerCommand, or raise UnsupportedCommand."""
    if len(words) < 2 or words[0] != "docker":
        raise UnsupportedCommand(say("script.not_docker"))
    obj, action, rest = _subcommand(words[1:])
    spec = SPECS.get((obj, action))
    if spec is None:
        raise UnsupportedCommand(say("script.unsupported_command", command=f"{obj} {action}"))
    options, positional = _parse_flags(spec, rest)
    if len(positional) < _MINIMUM_OPERANDS.get((obj, action), 0):
        raise UnsupportedCommand(say("script.missing_operands", command=f"{obj} {action}"))
    return DockerCommand(number, text or " ".join(words), obj, action, options, positional, cwd)


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


def _split_chain(line: str) -> list[list[str]]:
    marked = _mark_pwd(line)
    unquoted = _outside_single_quotes(marked)
    if _OTHER_SUBSTITUTION.search(unquoted):
        raise UnsupportedCommand(say("script.command_substitution"))
    if _VARIABLE.search(unquoted):
        raise UnsupportedCommand(say("script.shell_variable"))
    try:
        lexer = shlex.shlex(marked, posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
    except ValueError as error:
        raise UnsupportedCommand(say("script.invalid_line", error=error)) from None
    chains: list[list[str]] = [[]]
    for token in tokens:
        if token in _SEPARATORS:
            chains.append([])
        elif re.fullmatch(r"[|<>&]+", token):
            raise UnsupportedCommand(say("script.shell_operator", token=token))
        else:
            chains[-1].append(token)
    return [words for words in chains if words]


def _parse_part(parsed: list[DockerCommand], number: int, text: str, words: list[str], cwd: Path, root: Path) -> Path:
    while words and words[0] in _PREFIXES:
        words = words[1:]
    words = [word.replace(_PWD_MARK, str(cwd)) for word in words]
    if words and words[0] == "cd":
        return _change_dir(words, cwd, root)
    parsed.append(parse_words(words, number, text, cwd))
    return cwd


def _mark_pwd(line: str) -> str:
    """Mark ``$(pwd)`` and friends for substitution, except inside single quotes (the shell leaves those)."""
    parts = re.split(r"('[^']*')", line)
    return "".join(part if part.startswith("'") else _PWD.sub(_PWD_MARK, part) for part in parts)


def _change_dir(words: list[str], cwd: Path, root: Path) -> Path:
    if len(words) != 2 or words[1].startswith("~"):
        raise UnsupportedCommand(say("script.cd_one_folder"))
    target = (cwd / words[1]).resolve()
    if not target.is_relative_to(root.resolve()):
        raise UnsupportedCommand(say("script.cd_outside", folder=words[1]))
    return target


def _subcommand(words: list[str]) -> tuple[str, str, list[str]]:
    head, rest = words[0], words[1:]
    if head in OBJECTS and rest:
        return head, ACTION_ALIASES.get(rest[0], rest[0]), rest[1:]
    if head in SHORTHANDS:
        obj, action = SHORTHANDS[head]
        return obj, action, rest
    raise UnsupportedCommand(say("script.unsupported_command", command=head))


def _parse_flags(spec: FlagSpec, words: list[str]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    options: list[tuple[str, str]] = []
    positional: list[str] = []
    queue = list(words)
    while queue:
        word = queue.pop(0)
        if spec.stops_at_positional and len(positional) >= spec.stops_at_positional:
            positional.append(word)
        elif word == "--":
            positional += queue
            break
        elif word.startswith("-") and word != "-":
            options += _flag(spec, word, queue)
        else:
            positional.append(word)
    return tuple(options), tuple(positional)


def _flag(spec: FlagSpec, word: str, queue: list[str]) -> list[tuple[str, str]]:
    name, has_value, value = word.partition("=")
    if not name.startswith("--") and len(name) > 2:
        return _bundle(spec, name, queue)
    long_name = spec.long_name(name)
    if long_name is None:
        raise UnsupportedCommand(say("script.unsupported_option", option=name))
    long_name = CANONICAL.get(long_name, long_name)
    if not spec.takes_value(long_name) and long_name not in CANONICAL.values():
        return [(long_name, value if has_value else "true")]
    if not has_value:
        if not queue:
            raise UnsupportedCommand(say("script.option_value", option=name))
        value = queue.pop(0)
    return [(long_name, value)]


def _bundle(spec: FlagSpec, word: str, queue: list[str]) -> list[tuple[str, str]]:
    """``-dit`` → -d -i -t; ``-p8080:80`` style glued values are accepted for the last letter."""
    options: list[tuple[str, str]] = []
    letters = word[1:]
    for index, letter in enumerate(letters):
        long_name = spec.long_name(f"-{letter}")
        if long_name is None:
            raise UnsupportedCommand(say("script.unsupported_option", option=f"-{letter}"))
        if spec.takes_value(long_name):
            glued = letters[index + 1 :]
            return options + _flag(spec, f"-{letter}", [glued] if glued else queue)
        options.append((long_name, "true"))
    return options


def _outside_single_quotes(text: str) -> str:
    """The text with single-quoted parts removed (the shell would not expand inside them)."""
    return _SINGLE_QUOTED.sub("''", text)


def shell_quote(words: list[str]) -> str:
    """Words joined as a shell would show them (for messages only; nothing is ever run by a shell)."""
    return " ".join(shlex.quote(word) for word in words)
