"""The pytest plugin end to end on throwaway grader modules (no Docker engine: the checks never build)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

pytest_plugins = ["pytester"]

EXERCISE = "s5-e03-build-arg"
PLUGIN = ("-p", "dockgrade.plugin", "-p", "no:cacheprovider", "-p", "no:benchmark")
OPTIONS = ("--submission", "sub", "--dockgrade-json", "out.json")

GATE_THEN_TWO = '''
from dockgrade.core.errors import BuildFailed
from dockgrade.grading.check import check, expect, expect_equal

EXERCISE = "s5-e03-build-arg"


@check(points=2, gate=True)
def test_builds():
    """a imagem é construída"""
    raise BuildFailed("o build da imagem falhou: x", "log line")


@check(points=2)
def test_default_bucket():
    """sem --build-arg, imprime files"""
    expect_equal("files", "files", "echo $S3_BUCKET")


@check(points=1)
def test_label():
    """a imagem tem label"""
    expect(True, "sem label")
'''

MIXED = '''
from dockgrade.grading.check import check, expect, expect_equal

EXERCISE = "s5-e03-build-arg"


@check(points=2)
def test_ok():
    """isto passa"""
    expect(True, "nunca")


@check(points=2)
def test_x():
    """o bucket padrão é files"""
    expect_equal("arquivos", "files", "echo $S3_BUCKET", hint="use ARG S3_BUCKET=files")


@check(points=1, requires=["x"])
def test_needs_x():
    """depende de x"""
    expect(True, "nunca")


@check(points=3)
def test_broken_grader():
    """o corretor quebra"""
    raise RuntimeError("bug no corretor")
'''


OTHER_EXERCISE = """
from dockgrade.grading.check import check, expect

EXERCISE = "s5-e02-first-build"


@check(points=5)
def test_page():
    \"\"\"fora da atividade\"\"\"
    expect(False, "nunca avaliado")
"""


def grade(pytester: pytest.Pytester, source: str, *extra: str, with_folder: bool = True) -> tuple[Any, dict[str, Any]]:
    """Run ``source`` as a grader against a submission in pytester's dir; return the run and its JSON report."""
    if with_folder:
        folder = pytester.path / "sub" / "build-com-arg"
        folder.mkdir(parents=True)
        (folder / "Dockerfile").write_text("FROM debian\n", encoding="utf-8")
    else:
        (pytester.path / "sub" / "outra-coisa").mkdir(parents=True)
    pytester.makepyfile(test_grader=source)
    run = pytester.runpytest(*PLUGIN, *OPTIONS, *extra)
    return run, json.loads((pytester.path / "out.json").read_text(encoding="utf-8"))


def checks(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The JSON checks by name."""
    return {item["check"]: item for item in report["checks"]}


def test_failed_gate_blocks_the_rest(pytester: pytest.Pytester) -> None:
    """A failed gate with a build failure leaves every later check "not run" because the build failed."""
    run, report = grade(pytester, GATE_THEN_TWO)
    by_name = checks(report)
    assert [(name, item["outcome"]) for name, item in by_name.items()] == [
        ("builds", "failed"),
        ("default_bucket", "not_run"),
        ("label", "not_run"),
    ]
    gate = by_name["builds"]
    assert (gate["id"], gate["gate"], gate["cause"]) == (f"{EXERCISE}::builds", True, "BuildFailed")
    assert (gate["message"], gate["details"]) == ("o build da imagem falhou: x", "log line")
    for name in ("default_bucket", "label"):
        assert by_name[name]["message"] == "não executado: o build falhou"
    assert (report["score"], report["max_score"]) == (0.0, 5.0)
    assert report["exercises"] == [{"id": EXERCISE, "score": 0.0, "max_score": 5.0, "absent": False}]
    run.assert_outcomes(failed=1, skipped=2)
    output = run.stdout.str()
    assert "últimas linhas do build:" in output
    assert "log line" in output
    assert "Traceback" not in output


def test_pass_fail_prerequisite_and_grader_error(pytester: pytest.Pytester) -> None:
    """Passed, failed (expected/got, no traceback), blocked by a failed prerequisite, and grader error."""
    run, report = grade(pytester, MIXED)
    by_name = checks(report)
    assert {name: item["outcome"] for name, item in by_name.items()} == {
        "ok": "passed",
        "x": "failed",
        "needs_x": "not_run",
        "broken_grader": "errored",
    }
    assert by_name["x"]["message"] == "echo $S3_BUCKET: esperado 'files', obtido 'arquivos'"
    assert by_name["x"]["hint"] == "use ARG S3_BUCKET=files"
    assert by_name["x"]["title"] == "o bucket padrão é files"
    assert by_name["needs_x"]["message"] == "não executado: a verificação x falhou"
    assert by_name["broken_grader"]["message"].startswith("erro do corretor")
    assert "RuntimeError: bug no corretor" in by_name["broken_grader"]["message"]
    assert (report["score"], report["max_score"]) == (2.0, 8.0)
    run.assert_outcomes(passed=1, failed=2, skipped=1)
    output = run.stdout.str()
    assert "esperado 'files', obtido 'arquivos'" in output
    assert "dica: use ARG S3_BUCKET=files" in output
    assert "Traceback" not in output
    assert "raise Mismatch" not in output


OFFLINE = f'''
from dockgrade.core.errors import NotRunnableOffline
from dockgrade.grading.check import check, expect

EXERCISE = "{EXERCISE}"


@check(points=2)
def test_ok():
    """isto passa"""
    expect(True, "nunca")


@check(points=3)
def test_needs_mongo():
    """o cadastro grava no banco"""
    raise NotRunnableOffline("não executável offline: mongo:3.4", "mongo:3.4")
'''


def test_offline_check_is_reported_and_skipped(pytester: pytest.Pytester) -> None:
    """An image this machine cannot get: reported (errored, points kept in the max), but pytest exits 0."""
    run, report = grade(pytester, OFFLINE, "-rs")
    needs = checks(report)["needs_mongo"]
    assert (needs["outcome"], needs["cause"]) == ("errored", "NotRunnableOffline")
    assert (report["score"], report["max_score"]) == (2.0, 5.0)
    run.assert_outcomes(passed=1, skipped=1)
    assert run.ret == 0
    assert "não executável offline: mongo:3.4" in run.stdout.str()


def test_score_table_is_printed(pytester: pytest.Pytester) -> None:
    """The run ends with the score table: per-exercise earned/possible, non-passed checks and the total."""
    run, _ = grade(pytester, MIXED)
    run.stdout.fnmatch_lines(
        [
            "=== dockgrade: pontuação ===",
            f"{EXERCISE}* 2/8",
            "  ✘ x: o bucket padrão é files",
            "      echo $S3_BUCKET: esperado 'files', obtido 'arquivos'",
            "      dica: use ARG S3_BUCKET=files",
            "  – needs_x: depende de x",
            "      não executado: a verificação x falhou",
            "  ! broken_grader: o corretor quebra",
            "total* 2/8",
        ]
    )
    assert "  ✔ ok" not in run.stdout.str()


def test_missing_exercise(pytester: pytest.Pytester) -> None:
    """Without the exercise folder every check is "não entregue" (in the maximum, unearned), naming the folders."""
    run, report = grade(pytester, MIXED, with_folder=False)
    by_name = checks(report)
    assert [item["outcome"] for item in by_name.values()] == ["absent"] * 4
    first = by_name["ok"]
    assert "não entregue" in first["message"]
    assert "build-com-arg" in first["message"]
    assert first["cause"] == "NotHandedIn"
    assert {item["message"] for item in by_name.values()} == {first["message"]}
    assert (report["score"], report["max_score"]) == (0.0, 8.0)
    assert report["exercises"][0]["absent"] is True
    run.assert_outcomes(errors=1, skipped=3)
    output = run.stdout.str()
    assert "Traceback" not in output
    assert "s5-e03-build-arg                         0/8  (não entregue)" in output
    assert output.count("∅ não entregue: nada encontrado nas pastas build-com-arg") == 1


def test_assignment_weights_and_leaves_out(pytester: pytest.Pytester) -> None:
    """An assignment file weights its exercises' points and leaves every other grader out (not graded, not counted)."""
    pytester.makepyfile(test_other=OTHER_EXERCISE)
    (pytester.path / "atividade.yml").write_text("exercises:\n  s5-e03-build-arg: 2\n", encoding="utf-8")
    run, report = grade(pytester, MIXED, "--assignment", "atividade.yml")
    assert {item["exercise"] for item in report["checks"]} == {EXERCISE}
    assert by_points(report) == {"ok": 4.0, "x": 4.0, "needs_x": 2.0, "broken_grader": 6.0}
    assert (report["score"], report["max_score"]) == (4.0, 16.0)
    run.assert_outcomes(passed=1, failed=2, skipped=1, deselected=1)


def test_unknown_assignment_is_a_usage_error(pytester: pytest.Pytester) -> None:
    """An assignment that is neither built in nor a file stops the run before anything is graded."""
    pytester.makepyfile(test_grader=MIXED)
    run = pytester.runpytest(*PLUGIN, "--assignment", "nao-existe")
    assert run.ret == pytest.ExitCode.USAGE_ERROR
    assert "neither a built-in one" in run.stderr.str()


def by_points(report: dict[str, Any]) -> dict[str, float]:
    """The points each check is worth, by name."""
    return {item["check"]: item["points"] for item in report["checks"]}


def test_english_feedback(pytester: pytest.Pytester) -> None:
    """``--lang en`` gives English messages, table and reasons."""
    run, report = grade(pytester, GATE_THEN_TWO, "--lang", "en")
    assert checks(report)["default_bucket"]["message"] == "not run: the build failed"
    output = run.stdout.str()
    assert "=== dockgrade: score ===" in output
    assert "not run: the build failed" in output
    assert "last lines of the build:" in output
    assert "pontuação" not in output


def test_english_missing_exercise_and_prerequisite(pytester: pytest.Pytester) -> None:
    """In English the missing exercise and the failed prerequisite read naturally too."""
    _, report = grade(pytester, MIXED, "--lang", "en", with_folder=False)
    by_name = checks(report)
    assert by_name["ok"]["message"].startswith("not handed in: nothing found in the folders build-com-arg")
    assert by_name["x"]["message"] == by_name["ok"]["message"]


def test_unmarked_tests_are_not_graded(pytester: pytest.Pytester) -> None:
    """Plain tests (no ``check`` marker, or no ``EXERCISE``) run but add nothing to the report or table."""
    source = """
from dockgrade.grading.check import check

def test_plain():
    assert True

@check(points=1)
def test_marked_but_no_exercise():
    assert True
"""
    run, report = grade(pytester, source)
    assert report["checks"] == []
    assert (report["score"], report["max_score"]) == (0, 0)
    run.assert_outcomes(passed=2)
    assert "dockgrade: pontuação" not in run.stdout.str()


def test_bare_assertion_error_is_a_failure(pytester: pytest.Pytester) -> None:
    """An AssertionError without a message (e.g. a bare assert in a helper) fails the check instead of crashing."""
    source = '''
from dockgrade.grading.check import check

EXERCISE = "s5-e03-build-arg"


@check(points=1)
def test_bare():
    """asserção sem texto"""
    raise AssertionError()
'''
    _, report = grade(pytester, source)
    assert checks(report)["bare"]["outcome"] == "failed"


def test_graders_run_in_course_order_whatever_their_folders(pytester: pytest.Pytester) -> None:
    """``primeiro-build`` (s5-e02) sorts after ``build-com-arg`` (s5-e03) by name, yet is graded first; a plain test
    keeps its place."""
    (pytester.path / "a_build-com-arg").mkdir()
    (pytester.path / "a_build-com-arg" / "test_s5_e03.py").write_text(GATE_THEN_TWO, encoding="utf-8")
    (pytester.path / "b_primeiro-build").mkdir()
    (pytester.path / "b_primeiro-build" / "test_s5_e02.py").write_text(OTHER_EXERCISE, encoding="utf-8")
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    run = pytester.runpytest(*PLUGIN, "--collect-only", "-q")
    collected = [line.split("::")[-1] for line in run.outlines if "::" in line]
    assert collected == ["test_page", "test_builds", "test_default_bucket", "test_label", "test_plain"]


@pytest.mark.parametrize(("extra", "started"), [((), 1), (("--collect-only",), 0)], ids=["grading", "collect-only"])
def test_the_egress_starts_while_pytest_collects(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...], started: int
) -> None:
    """A grading starts the egress proxy before collecting (it takes ~1 s); a run that only collects never does."""
    calls: list[None] = []
    monkeypatch.setattr("dockgrade.plugin.start_egress_early", lambda: calls.append(None))
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    pytester.runpytest_inprocess(*PLUGIN, *extra)
    assert len(calls) == started


def test_a_session_that_ends_while_the_proxy_starts_waits_for_it_before_removing_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A short session (one quick test) ends before the proxy is up; removing none then would leave it behind."""
    events: list[str] = []

    def slow_start() -> None:
        time.sleep(0.3)
        events.append("started")

    def start_early() -> threading.Thread:
        thread = threading.Thread(target=slow_start)
        thread.start()
        return thread

    monkeypatch.setattr("dockgrade.plugin.start_egress_early", start_early)
    monkeypatch.setattr("dockgrade.plugin.egress.close_all", lambda: events.append("closed"))
    pytester.makepyfile(test_plain="def test_plain():\n    assert True\n")
    pytester.runpytest_inprocess(*PLUGIN)
    assert events == ["started", "closed"]
