"""s6-e01 visão geral das redes: bridge, host e none já existem."""

from __future__ import annotations

from dockgrade import Interpret, check, expect, require_success, say

EXERCISE = "s6-e01-network-overview"


@check(points=1)
def test_lists_networks(interpret: Interpret) -> None:
    """docker network ls mostra as redes bridge, host e none"""
    step = require_success(interpret().transcript.of("ls", "network"), "docker network ls")
    missing = [name for name in ("bridge", "host", "none") if name not in step.output]
    expect(not missing, say("s6.networks_missing", names=", ".join(missing)))
