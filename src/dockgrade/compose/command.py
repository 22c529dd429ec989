"""Which Docker Compose implementation this machine has: v2 (``docker compose``) or v1 (``docker-compose``).

Compose projects (sections 7–9) are driven through the detected command; v1 exits 0 on
unknown options, so callers must know which one they talk to.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from dockgrade.core.errors import GraderError

Runner = Callable[[list[str]], subprocess.CompletedProcess[str]]
_VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")


@dataclass(frozen=True)
class ComposeCommand:
    """The command prefix to run compose with, and its major version."""

    argv: tuple[str, ...]
    version: str

    @property
    def major(self) -> int:
        """2 for ``docker compose``, 1 for the Python ``docker-compose``."""
        return int(self.version.split(".")[0])


class ComposeUnavailable(GraderError):
    """Neither compose v2 nor v1 is installed."""


def detect(run: Runner | None = None, which: Callable[[str], str | None] = shutil.which) -> ComposeCommand:
    """Prefer ``docker compose`` (v2, what students use today), then ``docker-compose``."""
    runner = run or _run
    for argv in (("docker", "compose"), ("docker-compose",)):
        if which(argv[0]) is None:
            continue
        version = _version(runner([*argv, "version", "--short"]))
        if version:
            return ComposeCommand(argv, version)
    raise ComposeUnavailable("no Docker Compose found: install the compose plugin (run ci/engine.sh as root)")


def _version(result: subprocess.CompletedProcess[str]) -> str | None:
    match = _VERSION.search(result.stdout or "") if result.returncode == 0 else None
    return ".".join(match.groups()) if match else None


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
