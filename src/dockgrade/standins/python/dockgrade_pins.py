"""Course-era pins that cannot exist on this stand-in's Python, traded for the nearest version that works.

Students of the course pinned what worked on ``python:3.6`` (``psycopg2==2.7.1``, ``bottle==0.12.13``).
This stand-in runs Debian's Python 3.11, where those versions do not build or do not import. When pip
(``pip``, ``pip3``, ``python -m pip``, a requirements file) is asked for such a pin, the requirement is
rewritten to the nearest version that works here, and one line on stderr says so: the grader reads
these lines back from logs and reports every substitution. Loaded by ``dockgrade-pins.pth``; it touches
nothing until pip imports its requirement parser, and never a project's own code.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

# The grader parses this prefix: "<MARKER> <requested> -> <provided> (<why>)".
MARKER = "dockgrade-standin:"
_TARGET = "pip._internal.req.constructors"

# name -> (oldest version that works on Python 3.11, why older ones do not). Measured on the stand-in.
NEAREST_WORKING: dict[str, tuple[str, str]] = {
    # 2.7.x needs Python <= 3.7; 2.8.x-2.9.1 build but fail to import ("initialization of _psycopg raised").
    "psycopg2": ("2.9.2", "psycopg2 < 2.9.2 não funciona no Python 3.11"),
    # No older release has a wheel for 3.11, and building one from source hits psycopg2's own limits.
    "psycopg2-binary": ("2.9.5", "psycopg2-binary < 2.9.5 não funciona no Python 3.11"),
    # Older releases call inspect.getargspec, removed in Python 3.11 (even their setup.py imports it).
    "bottle": ("0.12.22", "bottle < 0.12.22 não funciona no Python 3.11"),
}

_announced: set[str] = set()


def nearest(requirement: Any) -> str | None:
    """The version to install instead when ``requirement`` admits no version that works here, else None."""
    known = NEAREST_WORKING.get(_canonical(requirement.name))
    if known is None or requirement.url:
        return None
    working, specifier = known[0], requirement.specifier
    if not str(specifier):
        return None
    mentioned = [spec.version.removesuffix(".*") for spec in specifier]
    candidates = [working, "999999", *(version for version in mentioned if _at_least(version, working))]
    if any(specifier.contains(version, prereleases=True) for version in candidates):
        return None
    return working


def rewrite(parts: Any) -> Any:
    """Swap the pin of a parsed requirement line for the nearest working version, announcing it once."""
    requirement: Any = getattr(parts, "requirement", None)
    version = nearest(requirement) if requirement is not None else None
    if version is None:
        return parts
    requested = _pin(requirement)
    requirement.specifier = type(requirement.specifier)(f"=={version}")
    if requested not in _announced:
        _announced.add(requested)
        why = NEAREST_WORKING[_canonical(requirement.name)][1]
        print(f"{MARKER} {requested} -> {_pin(requirement)} ({why} desta imagem offline)", file=sys.stderr, flush=True)
    return parts


def _pin(requirement: Any) -> str:
    """``name[extras]<specifier>`` without spaces or markers: one word for the grader to read."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def _patch(module: types.ModuleType) -> None:
    original = getattr(module, "parse_req_from_line", None)
    if original is None:  # another pip (the student upgraded it): leave it alone rather than break it
        return

    def parse_req_from_line(name: str, line_source: str | None) -> Any:
        return rewrite(original(name, line_source))

    module.parse_req_from_line = parse_req_from_line  # type: ignore[attr-defined]


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _at_least(version: str, floor: str) -> bool:
    from pip._vendor.packaging.version import InvalidVersion, Version

    try:
        return Version(version) >= Version(floor)
    except InvalidVersion:
        return False


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        created: types.ModuleType | None = self.inner.create_module(spec)
        return created

    def exec_module(self, module: types.ModuleType) -> None:
        self.inner.exec_module(module)
        _patch(module)


class _Finder(importlib.abc.MetaPathFinder):
    """Wraps the loader of pip's requirement parser, and of nothing else."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != _TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Called from the .pth file at every interpreter start: cheap, and only once."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
