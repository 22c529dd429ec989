"""s4-e01 hello-world: o primeiro container."""

from __future__ import annotations

from dockgrade import Interpret, check, expect_in, require_success, runs_of, say

EXERCISE = "s4-e01-hello-world"


@check(points=2)
def test_runs_hello(interpret: Interpret) -> None:
    """o hello-world roda e imprime "Hello from Docker!" """
    step = require_success(runs_of(interpret().transcript, "hello-world"), "docker container run hello-world")
    expect_in("Hello from Docker!", step.output, "docker container run hello-world", hint=say("s4.hello_hint"))
