"""A model of how the GitHub Actions runner reads a step's output, to test what dockgrade prints against it.

Restated from actions/runner (``ProcessInvoker`` reads lines with .NET's ``ReadLine``;
``ActionCommandManager.TryProcessCommand`` tries ``ActionCommand.TryParseV2`` then ``TryParse``,
and honours ``::stop-commands::<token>`` until ``::<token>::``). The runner compares
culture-sensitively, where control and format characters are ignored, so ``parse`` also tries each
line with them removed: a model stricter than the runner, never looser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# The runner's registered command extensions (plus stop-commands), compared case-insensitively.
REGISTERED = frozenset(
    {"stop-commands", "set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher"}
    | {"remove-matcher", "warning", "error", "notice", "debug", "group", "endgroup", "echo"}
)
# char.IsWhiteSpace in .NET: what String.TrimStart() removes.
_DOTNET_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_DOTNET_SPACE += "\u2028\u2029\u202f\u205f\u3000"
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Command:
    """A parsed workflow command."""

    name: str
    properties: dict[str, str]
    data: str


def lines(output: str) -> list[str]:
    """``output`` split as the runner splits it (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    return _LINE_END.split(output)


def parse(line: str, registered: frozenset[str] = REGISTERED) -> Command | None:
    """The command the runner would read in ``line`` (either form), trying it also without invisible characters."""
    visible = "".join(char for char in line if char == "\t" or unicodedata.category(char) not in ("Cc", "Cf"))
    for candidate in (line, visible):
        command = _parse_v2(candidate, registered) or _parse_legacy(candidate, registered)
        if command is not None:
            return command
    return None


def _parse_v2(line: str, registered: frozenset[str]) -> Command | None:
    message = line.lstrip(_DOTNET_SPACE)
    end = message.find("::", 2)
    if not message.startswith("::") or end < 0:
        return None
    info = message[2:end]
    name, _, properties = info.partition(" ")
    if name.lower() not in registered:
        return None
    pairs = (item.split("=", 1) for item in properties.strip().split(",") if "=" in item)
    return Command(name.lower(), {key: value for key, value in pairs}, message[end + 2 :])


def _parse_legacy(line: str, registered: frozenset[str]) -> Command | None:
    start = line.find("##[")
    close = line.find("]", start) if start >= 0 else -1
    if close < 0:
        return None
    name, _, _properties = line[start + 3 : close].partition(" ")
    return Command(name.lower(), {}, line[close + 1 :]) if name.lower() in registered else None


@dataclass
class Runner:
    """Feeds output lines through the command manager's stop/resume logic; ``processed`` is what took effect."""

    processed: list[Command] = field(default_factory=list)
    _token: str | None = None

    def feed(self, output: str) -> list[Command]:
        """Process every line of ``output``; returns the commands that took effect, in order."""
        for line in lines(output):
            registered = REGISTERED | ({self._token.lower()} if self._token else set())
            command = parse(line, frozenset(registered))
            if command is None:
                continue
            if self._token is not None:
                if command.name == self._token.lower():
                    self._token = None
                    self.processed.append(command)
            elif command.name == "stop-commands":
                self._token = command.data
                self.processed.append(command)
            else:
                self.processed.append(command)
        return self.processed
