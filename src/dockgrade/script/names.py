"""The student's names for containers, networks, volumes and images, mapped to run-unique names."""

from __future__ import annotations

import re

from dockgrade.runtime.sandbox import Sandbox

BUILTIN_NETWORKS = frozenset({"bridge", "host", "none", "default"})
# The default bridge has a way out; with the egress proxy on, the run's own internal network stands in for it.
DEFAULT_BRIDGE = frozenset({"bridge", "default"})


class NameMap:
    """One mapping per kind, consistent across the whole script (``mydeb`` is always the same container)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._forward: dict[tuple[str, str], str] = {}
        self._anonymous = 0

    def get(self, kind: str, student: str) -> str | None:
        """The real name of a student's resource, if the script created it."""
        if kind == "network" and student in DEFAULT_BRIDGE and self.sandbox.egress is not None:
            real = self.sandbox.default_network().name
            self._forward.setdefault(("network", "bridge"), str(real))
            return str(real)
        if kind == "network" and student in BUILTIN_NETWORKS:
            return student
        return self._forward.get((kind, student))

    def new(self, kind: str, student: str | None) -> tuple[str, str]:
        """(student name, real name) for a resource being created; anonymous ones get ``anon-N``."""
        if student is None:
            self._anonymous += 1
            student = f"anon-{self._anonymous}"
        real = self.sandbox.unique_name(f"{kind[0]}-{_slug(student)}")
        self._forward[(kind, student)] = real
        return student, real

    def forget(self, kind: str, student: str) -> None:
        """The resource is gone (rm); its name may be created again."""
        self._forward.pop((kind, student), None)

    def student(self, kind: str, real: str) -> str:
        """The student's name for a real name (the real name itself when unknown)."""
        for (known_kind, student), name in self._forward.items():
            if known_kind == kind and name == real:
                return student
        return real

    def students(self, kind: str) -> list[str]:
        """Every student name of one kind still mapped."""
        return [student for (known_kind, student) in self._forward if known_kind == kind]

    def hide(self, text: str) -> str:
        """Replace real names in engine output by the student's names."""
        for (_kind, student), real in sorted(self._forward.items(), key=lambda item: -len(item[1])):
            text = text.replace(real, student)
        return text


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", name.lower()).strip("-") or "x"
