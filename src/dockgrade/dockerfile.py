"""Read what a Dockerfile needs before building it: its base images."""

from __future__ import annotations

import re
from pathlib import Path

_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?", re.IGNORECASE)
_ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?", re.IGNORECASE)
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


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


def _logical_lines(text: str) -> list[str]:
    joined = re.sub(r"\\\r?\n", " ", text)
    return [line for line in joined.splitlines() if not line.lstrip().startswith("#")]
