"""s4-e02 ferramentas diferentes: o bash da imagem debian, não o do seu computador."""

from __future__ import annotations

from dockgrade import Interpret, check, expect, require_success, runs_of, say

EXERCISE = "s4-e02-different-tools"


@check(points=2)
def test_bash_version(interpret: Interpret) -> None:
    """o bash da imagem debian mostra a sua versão"""
    step = require_success(runs_of(interpret().transcript, "debian"), "docker container run debian bash --version")
    expect(step.output.startswith("GNU bash, version"), step.output.strip()[:120] or "-", hint=say("s4.bash_hint"))
