"""s6-x01 resolução de nomes: numa rede criada pelo aluno, containers se acham pelo nome."""

from __future__ import annotations

from dockgrade import Interpret, check, require_success, say

EXERCISE = "s6-x01-name-resolution"


@check(points=2)
def test_resolves_by_name(interpret: Interpret) -> None:
    """numa rede criada por você, um container acha o outro pelo nome"""
    script = interpret()
    names = set(script.names.students("container"))
    pings = [
        step
        for step in script.transcript.of("exec", "container")
        if "ping" in " ".join(step.command.positional[1:]) and _mentions(step.command.positional[1:], names)
    ]
    require_success(pings, "docker container exec c5 ping -c 1 c6", say("s6.name_ping_hint"))


def _mentions(words: tuple[str, ...], names: set[str]) -> bool:
    """True when a container name appears among the words, also inside ``ash -c "ping …"``."""
    return bool(names & {part for word in words for part in word.split()})
