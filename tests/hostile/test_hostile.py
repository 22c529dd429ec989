"""Each hostile submission ends as its declared failing checks, in bounded time, leaving the host as it was."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import xml.etree.ElementTree as ET
from pathlib import Path

import docker
import pytest
from junitparser import JUnitXml

from dockgrade.core.errors import GraderTimeout
from dockgrade.core.waiting import wait_until
from dockgrade.reporters import classroom
from tests.actions_runner import Runner, lines, parse
from tests.grading_run import grader_for
from tests.hostile.corpus import (
    Case,
    ChildRun,
    LoopbackServer,
    SquattedPort,
    actions_environment,
    grade_child,
    leftovers,
    load_cases,
    marked_processes,
    materialise,
    top_level,
    tree,
)
from tests.junit_schema import violations

CASES = load_cases()
MAX_RSS_MB = 1024
MAX_ACTIONS_LOG_BYTES = 64 * 1024
_ATTACKS_IN_THE_ISSUE = 25
LOST = ("failed", "absent")


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
    environment = case.environment(home, secret)
    extra: tuple[str, ...] = ()
    if case.spec.get("actions"):
        environment.update(actions_environment(tmp_path))
        extra = ("--dockgrade-junit", str(tmp_path / "junit.xml"))
    with SquattedPort(int(port)) if port else contextlib.nullcontext():
        run = grade_child(
            grader_for(case.spec["exercise"]), submission, tmp_path, environment, case.seconds + 60, *extra
        )
    failures = [check["message"] for check in run.report["checks"] if check["outcome"] in LOST]
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
    if case.spec.get("actions"):
        _assert_actions_outputs(run, tmp_path)


def _assert_actions_outputs(run: ChildRun, workdir: Path) -> None:
    """As the runner reads them: only dockgrade's commands in the log, a small result, a valid JUnit file."""
    processed = Runner().feed(run.output)
    token = processed[0].data
    assert [command.name for command in processed] == ["stop-commands", token, "notice", "notice"], run.output
    earned, possible = run.report["score"], run.report["max_score"]
    assert processed[2].data == f"Points {earned:g}/{possible:g}"
    logged = lines(run.output)
    resumed = logged.index(f"::{token}::")
    own = {f"::stop-commands::{token}", *logged[resumed : resumed + 3]}
    assert [line for line in logged if parse(line) is not None and line not in own] == [], run.output
    assert len(run.output.encode("utf-8")) < MAX_ACTIONS_LOG_BYTES
    output = (workdir / "github-output").read_text(encoding="utf-8")
    assert re.fullmatch(r"result=[A-Za-z0-9+/=]+\n", output)
    assert len(output) <= classroom.RESULT_BYTES + len("result=\n")
    result = classroom.decode_output(output)
    assert sum(test["score"] for test in result["tests"]) == earned
    assert all(parse(line) is None for test in result["tests"] for line in lines(test["message"]))
    summary = (workdir / "step-summary").read_text(encoding="utf-8")
    assert [line for line in lines(summary) if parse(line) is not None] == []
    root = ET.parse(workdir / "junit.xml").getroot()  # expat: well-formed XML 1.0
    assert violations(root) == []
    assert len(list(JUnitXml.fromfile(str(workdir / "junit.xml")))) == 1


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
    # A missing exercise is "absent" (não entregue): lost like a failure, reported apart from one.
    failed = {check for check, outcome in outcomes.items() if outcome in LOST}
    not_run = {check for check, outcome in outcomes.items() if outcome == "not_run"}
    errored = {check for check, outcome in outcomes.items() if outcome == "errored"}
    assert (failed, not_run, errored) == (set(case.spec["fails"]), set(case.spec.get("not_run", [])), set()), output
    if failed:
        checks = report["checks"]
        assert isinstance(checks, list)
        shown = [f"{check['message']} {check['hint'] or ''}" for check in checks if check["outcome"] in LOST]
        assert any(case.spec["message"] in text for text in shown), shown


def test_corpus_covers_the_issue() -> None:
    """At least the issue's 25 attacks, each declaring its grader, outcome, message and time bound."""
    assert len(CASES) >= _ATTACKS_IN_THE_ISSUE
    for case in CASES:
        assert {"exercise", "attack", "fails", "seconds"} <= set(case.spec), case.name
        assert not case.spec["fails"] or case.spec.get("message"), case.name
