"""s6-x01 resolução de nomes: numa rede criada pelo aluno, containers se acham pelo nome."""

from __future__ import annotations

from dockgrade.fixtures import Interpret
from dockgrade.grading import check
from dockgrade.messages import text as say
from dockgrade.script_checks import require_success

EXERCISE = "s6-x01-name-resolution"


@check(points=2)
def test_resolves_by_name(interpret: Interpret) -> None:
    """numa rede criada por você, um container acha o outro pelo nome"""
    script = interpret()
    names = set(script.names.students("container"))
    pings = [
        step
        for step in script.transcript.of("exec", "container")
        if "ping" in step.command.positional and names & set(step.command.positional[2:])
    ]
    require_success(pings, "docker container exec c5 ping -c 1 c6", say("s6.name_ping_hint"))
