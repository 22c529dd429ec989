"""s5-e01 imagens e tags: baixar, dar um segundo nome (tag) e remover os dois nomes."""

from __future__ import annotations

import pytest

from dockgrade import Interpret, Interpreter, Transcript, check, expect, say

EXERCISE = "s5-e01-image-tags"


@pytest.fixture(scope="module")
def runner(interpret: Interpret) -> Interpreter:
    return interpret()


@pytest.fixture(scope="module")
def transcript(runner: Interpreter) -> Transcript:
    return runner.transcript


@check(points=1)
def test_script_runs(transcript: Transcript) -> None:
    """todos os comandos docker do run.sh terminam sem erro"""
    failed = [
        say("s5.e01.failed_step", line=s.command.line, command=s.command.text, output=s.output.strip())
        for s in transcript.failed()
    ]
    expect(not failed, "; ".join(failed), hint=say("s5.e01.names_hint"))


@check(points=2)
def test_tag_shares_id(transcript: Transcript) -> None:
    """depois do docker image tag, os dois nomes apontam para o mesmo IMAGE ID"""
    shared = [s for s in transcript.of("tag") if s.exit_code == 0 and len(set(s.ids.values()) - {""}) == 1]
    expect(shared, say("s5.e01.no_shared_tag"), hint=say("s5.e01.tag_hint"))


@check(points=1)
def test_tags_removed(runner: Interpreter, transcript: Transcript) -> None:
    """no final, os dois nomes foram removidos"""
    names = {name for step in transcript.of("pull") + transcript.of("tag") for name in step.ids}
    left = sorted(name for name in names if runner.images.image_id(name))
    expect(not left, say("s5.e01.left", names=", ".join(left)), hint=say("s5.e01.rm_hint"))
