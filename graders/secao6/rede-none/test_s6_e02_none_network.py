"""s6-e02 rede none: um container sem rede só tem a interface lo."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Step, Transcript, check, expect, require_success, say

EXERCISE = "s6-e02-none-network"


@pytest.fixture(scope="module")
def transcript(interpret: Interpret) -> Transcript:
    return interpret().transcript


def _ifconfig_runs(transcript: Transcript, network: str | None) -> list[Step]:
    runs = transcript.of("run", "container")
    return [
        s for s in runs if "ifconfig" in " ".join(s.command.positional) and s.command.option("--network") == network
    ]


@check(points=1)
def test_default_has_eth0(transcript: Transcript) -> None:
    """sem --net, o container tem a interface eth0"""
    step = require_success(_ifconfig_runs(transcript, None), 'docker container run --rm alpine ash -c "ifconfig"')
    expect("eth0" in step.output, say("s6.interface_missing", interface="eth0", output=step.output.strip()[:80]))


@check(points=2)
def test_none_only_lo(transcript: Transcript) -> None:
    """com --net none, o container só tem a interface lo"""
    step = require_success(_ifconfig_runs(transcript, "none"), "--net none", say("s6.ifconfig_hint"))
    interfaces = {line.split()[0] for line in step.output.splitlines() if line and not line[0].isspace()}
    expect(interfaces == {"lo"}, say("s6.none_has_more", output=", ".join(sorted(interfaces)) or "-"))
