"""s4-e04 nomes únicos: dois containers não podem ter o mesmo nome."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Step, Transcript, check, expect, say

EXERCISE = "s4-e04-unique-names"


@pytest.fixture(scope="module")
def named_runs(interpret: Interpret) -> list[Step]:
    transcript: Transcript = interpret().transcript
    return [step for step in transcript.of("run", "container") if step.command.option("--name")]


@check(points=1)
def test_first_named(named_runs: list[Step]) -> None:
    """o primeiro run cria um container com nome (--name)"""
    expect(any(step.exit_code == 0 for step in named_runs), say("s4.no_named_run"), hint=say("s4.conflict_hint"))


@check(points=2, requires=["first_named"])
def test_conflict(named_runs: list[Step]) -> None:
    """repetir o mesmo --name falha com conflito de nome"""
    first = next(step for step in named_runs if step.exit_code == 0)
    name = first.command.option("--name")
    repeats = [s for s in named_runs if s is not first and s.command.option("--name") == name]
    conflicts = [s for s in repeats if s.exit_code == 125 and "is already in use" in s.output]
    expect(conflicts, say("s4.no_conflict", name=name), hint=say("s4.conflict_hint"))
