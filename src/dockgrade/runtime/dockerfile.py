"""Read what a Dockerfile needs before building it: its base images, and any source the engine would download."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dockgrade.runtime.remote import is_remote

_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
_ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?", re.IGNORECASE)
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")
_ADD = re.compile(r"^\s*(?:ONBUILD\s+)?ADD\s+(.*)$", re.IGNORECASE | re.DOTALL)
_ENV = re.compile(r"^\s*ENV\s+(.*)$", re.IGNORECASE)
# ${VAR}, ${VAR:-default}, ${VAR:+alternative}, $VAR: the substitutions the Dockerfile syntax knows.
_SUBSTITUTION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_ESCAPE_DIRECTIVE = re.compile(r"^#\s*escape\s*=\s*(\S)\s*$", re.IGNORECASE)


def base_images(text: str, build_args: dict[str, str] | None = None) -> list[str]:
    """External images named by FROM lines (stage names and ``scratch`` skipped, ARGs expanded)."""
    args = dict(build_args or {})
    stages: set[str] = set()
    bases: list[str] = []
    for line in _logical_lines(text):
        if arg := _ARG.match(line):
            args.setdefault(arg.group(1), (arg.group(2) or "").strip("\"'"))
        elif match := _FROM.match(line):
            image = _VARIABLE.sub(lambda m: args.get(m.group(1), ""), match.group(1))
            if image.lower() not in stages and image.lower() != "scratch" and image not in bases:
                bases.append(image)
            if match.group(2):
                stages.add(match.group(2).lower())
    return bases


def base_images_of(path: Path, build_args: dict[str, str] | None = None) -> list[str]:
    """``base_images`` of a Dockerfile on disk; undecodable bytes are replaced, never fatal."""
    return base_images(path.read_bytes().decode("utf-8", "replace"), build_args)


def remote_sources(text: str, build_args: dict[str, str] | None = None) -> list[str]:
    """Sources of ``ADD`` (``ONBUILD ADD`` too) that the engine would download: URLs and git repositories.

    Flags (``--chown``, ``--checksum``…) are skipped, the JSON form is read, and ``ARG``/``ENV`` values
    (and ``build_args``) are substituted as the builder would, so ``ADD $URL /x`` is seen as what it fetches.
    """
    values = dict(build_args or {})
    found: list[str] = []
    for line in _logical_lines(text):
        if arg := _ARG.match(line):
            values.setdefault(arg.group(1), (arg.group(2) or "").strip("\"'"))
        elif env := _ENV.match(line):
            values.update(_env_pairs(env.group(1)))
        elif add := _ADD.match(line):
            for source in _add_sources(add.group(1)):
                shown = source if is_remote(source) else _substitute(source, values)
                found += [shown] if is_remote(shown) else []
    return found


def _add_sources(arguments: str) -> list[str]:
    words = _json_words(arguments) or arguments.split()
    words = [word for word in words if not word.startswith("--")]
    return words[:-1] if len(words) > 1 else words


def _json_words(arguments: str) -> list[str] | None:
    rest = re.sub(r"^(?:--\S+\s+)*", "", arguments.strip())
    if not rest.startswith("["):
        return None
    try:
        words = json.loads(rest)
    except ValueError:
        return None
    return [str(word) for word in words] if isinstance(words, list) else None


def _env_pairs(text: str) -> dict[str, str]:
    words = text.split()
    if len(words) >= 2 and "=" not in words[0]:  # the old form: ENV KEY value with spaces
        return {words[0]: " ".join(words[1:]).strip("\"'")}
    pairs = (word.split("=", 1) for word in words if "=" in word)
    return {key: value.strip("\"'") for key, value in pairs}


def _substitute(word: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        current = values.get(name, "")
        if match.group(2) == "-":
            return current or match.group(3)
        if match.group(2) == "+":
            return match.group(3) if current else ""
        return current

    return _SUBSTITUTION.sub(value, word).strip("\"'")


def _logical_lines(text: str) -> list[str]:
    """Instructions one per line: continuations joined (with the ``# escape=`` character when one is set)."""
    escape = "\\"
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if directive := _ESCAPE_DIRECTIVE.match(line):
            escape = directive.group(1)
    joined = re.sub(re.escape(escape) + r"[ \t]*\r?\n", " ", text)
    return [line for line in joined.splitlines() if not line.lstrip().startswith("#")]
