"""A stand-in for the sandbox where a unit test needs only what a compose project asks of it (no engine)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dockgrade.core.limits import Limits


class FakeSandbox:
    """Names, a scratch folder and limits, as ``Sandbox`` gives them; no egress unless a test sets one."""

    egress: object | None = None

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path, self.limits = tmp_path, Limits()

    def unique_name(self, short: str) -> str:
        return f"dockgrade-test-{short}"

    def scratch_dir(self, short: str) -> Path:
        return self.tmp_path

    def on_close(self, callback: Any) -> None:
        pass
