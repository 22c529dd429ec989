"""s4-e03 run cria sempre um container novo: o arquivo do primeiro não aparece no segundo."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Interpreter, ScriptContainer, Step, check, expect, require_steps, runs_of, say

EXERCISE = "s4-e03-run-always-new"
FILE = "/curso-docker.txt"


@pytest.fixture(scope="module")
def script(interpret: Interpret) -> Interpreter:
    return interpret()


@pytest.fixture(scope="module")
def debian_runs(script: Interpreter) -> list[Step]:
    return [step for step in runs_of(script.transcript, "debian") if step.created]


@check(points=1)
def test_two_containers(debian_runs: list[Step]) -> None:
    """cada docker run criou um container novo"""
    created = {step.created[0] for step in debian_runs}
    expect(len(created) >= 2, say("s4.one_container", count=len(created)), hint=say("s4.touch_hint"))


@check(points=2)
def test_file_in_first(script: Interpreter, debian_runs: list[Step]) -> None:
    """o primeiro container criou /curso-docker.txt"""
    first = require_steps(debian_runs, "docker container run debian touch /curso-docker.txt")[0].created[0]
    container = ScriptContainer.named(script, first)
    expect(container is not None, say("s4.first_removed", name=first), hint=say("s4.touch_hint"))
    added = container.added_files() if container else []
    expect(FILE in added, say("s4.file_missing", name=first, diff=", ".join(added) or "-"), hint=say("s4.touch_hint"))


@check(points=2)
def test_not_in_second(debian_runs: list[Step]) -> None:
    """no segundo container, /curso-docker.txt não existe"""
    lookups = [step for step in debian_runs[1:] if FILE in " ".join(step.command.positional)]
    step = require_steps(lookups, "docker container run debian ls /curso-docker.txt", say("s4.ls_hint"))[0]
    expect(step.exit_code != 0, say("s4.second_found"), hint=say("s4.ls_hint"))
