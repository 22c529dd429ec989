"""The shared gates: graded checks with the student's text, passing and failing on what they stand for."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from dockgrade.compose.project import ComposeProject, ComposeResult
from dockgrade.core.errors import CheckFailed
from dockgrade.grading.gates import builds_gate, compose_up_gate
from dockgrade.runtime.sandbox import BuiltImage


def check_mark(function: Any) -> Any:
    return next(mark for mark in function.pytestmark if mark.name == "check")


@pytest.mark.parametrize(("gate", "name"), [(builds_gate, "test_builds"), (compose_up_gate, "test_up")])
def test_gate_is_a_named_gating_check_with_student_text(gate: Any, name: str) -> None:
    function = gate(points=3)
    assert function.__name__ == name
    assert check_mark(function).kwargs == {"points": 3, "requires": (), "gate": True, "hidden": False}
    assert function.__doc__


def test_builds_passes_with_an_image() -> None:
    builds_gate()(BuiltImage(tag="t", id="sha256:1", log=""))


def test_builds_fails_without_an_image() -> None:
    with pytest.raises(CheckFailed):
        builds_gate()(BuiltImage(tag="t", id="", log=""))


def project_started(exit_code: int, output: str) -> ComposeProject:
    return cast(ComposeProject, SimpleNamespace(started=ComposeResult(exit_code, output)))


def test_up_passes_when_compose_succeeded() -> None:
    compose_up_gate()(project_started(0, "Started"))


def test_up_fails_with_compose_last_lines() -> None:
    with pytest.raises(CheckFailed, match="no such image"):
        compose_up_gate()(project_started(1, "Creating db\nno such image"))
