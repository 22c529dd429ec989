"""Each hostile submission ends as its declared failing checks, in bounded time, leaving the host as it was."""

from __future__ import annotations

import contextlib
import json
import secrets
from pathlib import Path

import docker
import pytest

from dockgrade.errors import GraderTimeout
from dockgrade.waiting import wait_until
from tests.grading_run import grader_for
from tests.hostile.corpus import (
    Case,
    LoopbackServer,
    SquattedPort,
    grade_child,
    leftovers,
    load_cases,
    marked_processes,
    materialise,
    top_level,
    tree,
)

CASES = load_cases()
MAX_RSS_MB = 1024
_ATTACKS_IN_THE_ISSUE = 25


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(
    case: Case, docker_client: docker.DockerClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The declared checks fail (the rest pass) with the declared message, in time, and nothing of it remains."""
    with contextlib.ExitStack() as stack:
        loopback = stack.enter_context(LoopbackServer()) if case.spec.get("loopback") else None
        case.port = loopback.port if loopback else 0
        _grade_and_check(case, docker_client, tmp_path, request)
        assert loopback is None or loopback.connections == 0, "the grading machine's loopback service was reached"


def _grade_and_check(
    case: Case, docker_client: docker.DockerClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    submission = materialise(case, tmp_path / "work")
    home = tmp_path / "home"
    home.mkdir()
    (home / "canary.txt").write_text("o rm -rf ~ nunca pode chegar aqui\n", encoding="utf-8")
    secret = secrets.token_hex(16)
    before = (tree(submission), tree(home), top_level())
    port = case.spec.get("squat_port")
    with SquattedPort(int(port)) if port else contextlib.nullcontext():
        run = grade_child(
            grader_for(case.spec["exercise"]), submission, tmp_path, case.environment(home, secret), case.seconds + 60
        )
    failures = [check["message"] for check in run.report["checks"] if check["outcome"] == "failed"]
    # Kept on the test's report (JUnit properties, xdist-safe): the corpus's table of times and messages.
    request.node.user_properties += [
        ("seconds", round(run.seconds, 1)),
        ("max_rss_mb", round(run.max_rss_mb)),
        ("messages", failures),
    ]

    _assert_outcomes(case, run.outcomes(), run.report, run.output)
    assert run.seconds <= case.seconds, f"{run.seconds:.1f}s > {case.seconds:g}s\n{run.output}"
    max_rss_mb = float(case.spec.get("max_rss_mb", MAX_RSS_MB))
    assert run.max_rss_mb <= max_rss_mb, f"the grading used {run.max_rss_mb:.0f} MiB > {max_rss_mb:g} MiB"
    assert _host_paths(run.report, tmp_path) == [], "a message shows the grading machine's paths"
    assert secret not in run.output, "the grader's environment leaked into the output"
    assert secret not in json.dumps(run.report), "the grader's environment leaked into the report"
    assert (tree(submission), tree(home), top_level()) == before, "the grading changed files outside its temp dirs"
    _assert_nothing_left(docker_client, run.pid, case.mark, tmp_path)


def _host_paths(report: dict[str, object], workdir: Path) -> list[str]:
    """Texts the student reads that name the grading machine's folders (the case's temp dir holds the submission)."""
    checks = report.get("checks")
    assert isinstance(checks, list)
    texts = [str(check.get(key) or "") for check in checks for key in ("message", "hint", "details")]
    return [text for text in texts if str(workdir) in text or str(workdir.resolve()) in text]


def _assert_nothing_left(client: docker.DockerClient, pid: int, mark: str, workdir: Path) -> None:
    """No labelled resource, marked container or process of the case remains (the engine gets a moment)."""
    with contextlib.suppress(GraderTimeout):
        wait_until(lambda: not (leftovers(client, pid, mark) or marked_processes(mark, workdir)), 20, pause=0.5)
    assert leftovers(client, pid, mark) == []
    assert marked_processes(mark, workdir) == []


def _assert_outcomes(case: Case, outcomes: dict[str, str], report: dict[str, object], output: str) -> None:
    assert outcomes, output
    failed = {check for check, outcome in outcomes.items() if outcome == "failed"}
    not_run = {check for check, outcome in outcomes.items() if outcome == "not_run"}
    errored = {check for check, outcome in outcomes.items() if outcome == "errored"}
    assert (failed, not_run, errored) == (set(case.spec["fails"]), set(case.spec.get("not_run", [])), set()), output
    if failed:
        checks = report["checks"]
        assert isinstance(checks, list)
        shown = [f"{check['message']} {check['hint'] or ''}" for check in checks if check["outcome"] == "failed"]
        assert any(case.spec["message"] in text for text in shown), shown


def test_corpus_covers_the_issue() -> None:
    """At least the issue's 25 attacks, each declaring its grader, outcome, message and time bound."""
    assert len(CASES) >= _ATTACKS_IN_THE_ISSUE
    for case in CASES:
        assert {"exercise", "attack", "fails", "seconds"} <= set(case.spec), case.name
        assert not case.spec["fails"] or case.spec.get("message"), case.name
