"""A compose command past its time limit fails the check with a message in the run's language."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from dockgrade.compose import project as compose_project
from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.project import ComposeProject
from dockgrade.core import messages
from dockgrade.core.errors import StepTimedOut
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.sandbox import Sandbox
from tests.fake_sandbox import FakeSandbox


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    previous = messages.language()
    yield
    messages.set_language(previous)


def _too_slow(argv: list[str], folder: Path, seconds: float, **options: Any) -> None:
    raise subprocess.TimeoutExpired(argv, seconds)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pt", "docker compose local -t 0 passou de 20s"), ("en", "docker compose local -t 0 ran past 20s")],
)
def test_timeout_message_follows_the_language(
    language: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pt text is the one the hostile cases expect; --lang en gets English, not the pt sentence."""
    monkeypatch.setattr(compose_project, "run_bounded", _too_slow)
    messages.set_language(language)
    command = ComposeCommand(("docker", "compose"), "2.0.0")
    project = ComposeProject(
        cast(Sandbox, FakeSandbox(tmp_path)), command, tmp_path, cast(ImageResolver, None), timeout=20
    )
    (tmp_path / "docker-compose.dockgrade.yml").write_text("services: {}\n", encoding="utf-8")  # what down reads
    with pytest.raises(StepTimedOut) as failure:
        project.down()
    assert expected in failure.value.message
    assert failure.value.seconds == 20
