"""Closing a compose project: the stand-ins' dependency swaps are recorded from their logs, then it is torn down."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.project import ComposeProject, ComposeResult
from dockgrade.core.limits import Limits
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox

SWAP = b"Collecting bottle\ndockgrade-standin: bottle==0.12.13 -> bottle==0.12.22 (x)\n"


class Logged:
    def logs(self) -> bytes:
        return SWAP


class Containers:
    def __init__(self, broken: bool) -> None:
        self.broken = broken
        self.filters: list[Any] = []

    def list(self, **options: Any) -> list[Logged]:
        if self.broken:
            raise ConnectionError("engine gone")
        self.filters.append(options["filters"])
        return [Logged()]


class FakeSandbox:
    def __init__(self, tmp_path: Path, broken: bool) -> None:
        self.tmp_path, self.limits = tmp_path, Limits()
        self.closers: list[Any] = []
        self.client = type("Client", (), {"containers": Containers(broken)})()

    def unique_name(self, short: str) -> str:
        return f"dockgrade-test-{short}"

    def scratch_dir(self, short: str) -> Path:
        return self.tmp_path

    def on_close(self, callback: Any) -> None:
        self.closers.append(callback)


class Recorder:
    def __init__(self) -> None:
        self.logs: list[str] = []

    def record_dependencies(self, log: str) -> None:
        self.logs.append(log)


def _project(tmp_path: Path, broken: bool = False) -> tuple[ComposeProject, FakeSandbox, Recorder, list[str]]:
    sandbox, recorder, downs = FakeSandbox(tmp_path, broken), Recorder(), []
    project = ComposeProject(
        cast(Sandbox, sandbox), cast(ComposeCommand, None), tmp_path, cast(ImageResolver, recorder)
    )
    project.down = lambda: downs.append("down") or ComposeResult(0, "")  # type: ignore[method-assign]
    return project, sandbox, recorder, downs


def test_swaps_in_stand_in_logs_and_up_output_are_recorded_before_down(tmp_path: Path) -> None:
    """Only containers of this project on a stand-in image are read; the build output of ``up`` too."""
    project, sandbox, recorder, downs = _project(tmp_path)
    project.started = ComposeResult(0, "#5 1.2 dockgrade-standin: psycopg2==2.7.1 -> psycopg2==2.9.2 (y)")
    assert sandbox.closers == [project.close]
    project.close()
    assert "psycopg2==2.7.1 -> psycopg2==2.9.2" in recorder.logs[0]
    assert "bottle==0.12.13 -> bottle==0.12.22" in recorder.logs[0]
    assert sandbox.client.containers.filters == [
        {"label": [f"com.docker.compose.project={project.name}", "dockgrade.standin"]}
    ]
    assert downs == ["down"]


def test_the_project_is_torn_down_even_when_its_logs_cannot_be_read(tmp_path: Path) -> None:
    """Reading the logs is a report detail; removing the project is not optional."""
    project, _, _, downs = _project(tmp_path, broken=True)
    with pytest.raises(ConnectionError):
        project.close()
    assert downs == ["down"]
