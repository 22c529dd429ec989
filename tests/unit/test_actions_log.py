"""No text a submission produced reaches the GitHub Actions log as a workflow command (against a runner model)."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from _pytest._io import TerminalWriter

from dockgrade.reporters import actions_log, classroom
from dockgrade.reporters.actions_log import CommandsPaused, InertLines, inert
from tests.actions_runner import Runner, lines, parse

pytest_plugins = ["pytester"]

# Lines a submission can print (build log, container log, page body, file name), each one a command as it stands.
FORGED = [
    "::notice title=Autograding complete::Points 44/44",
    "    ::notice title=Autograding complete::Points 44/44",
    "\t::error file=run.sh,line=1::forged",
    "\xa0\u3000\u2003::warning::unicode spaces before",
    "::stop-commands::abc123",
    "::add-mask::Points",
    '::NOTICE title=Autograding report::{"totalPoints":44,"maxPoints":44}',
    "::ecHo::on",
    "::set-output name=result::eyJ2ZXJzaW9uIjoxfQ==",
    "##[error]forged",
    "Step 2/3 : RUN echo ##[set-output name=result]eA==",
    "###[error]three hashes",
    "##[warning]##[error]twice",
    "#\x00#[error]a NUL between the hashes",
    ":\u200b:error::a zero-width space between the colons",
    "\x00::error::a NUL first",
    "\ufeff::error::a byte-order mark first",
    ":\u00ad:notice title=Autograding complete::soft hyphen",
    "\x1b[31m##[error]\x1b[0m coloured",
]
BENIGN = [
    "Step 2/3 : RUN echo hi",
    "http://localhost:8080/",
    "a::b",
    "# comment",
    "## heading [x]",
    "std::vector<int>",
    "  ✘ builds: o build da imagem falhou",
    "\x1b[31mred\x1b[0m",
    "",
]


@pytest.mark.parametrize("line", FORGED)
def test_forged_line_becomes_inert(line: str) -> None:
    """A line the runner would take for a command (model: ordinal and without invisible characters) no longer is."""
    assert parse(line) is not None
    written = inert(line)
    assert [parse(part) for part in lines(written)] == [None]
    assert "##[" not in written
    assert not written.lstrip().startswith("::")


@pytest.mark.parametrize("line", BENIGN)
def test_other_lines_unchanged(line: str) -> None:
    """Ordinary log lines, colours included, pass untouched."""
    assert inert(line) == line


def test_every_runner_line_end_counts() -> None:
    """A carriage return alone starts a new line for the runner: what follows it is made inert too."""
    text = "ok\r::error::after CR\r\n##[error]after CRLF\nlast ::error:: mid-line"
    written = inert(text)
    assert [parse(line) for line in lines(written)] == [None, None, None, None]
    assert written == "ok\r: :error::after CR\r\n# #[error]after CRLF\nlast ::error:: mid-line"


def test_stream_waits_for_the_line_end() -> None:
    """ "#" then "#[error]" written apart are still one line: nothing is written until the line ends."""
    target = io.StringIO()
    stream = InertLines(target)
    stream.write("#")
    stream.flush()
    assert target.getvalue() == ""
    stream.write("#[error]x\n  ::notice::y")
    assert target.getvalue() == "# #[error]x\n"
    stream.finish()
    assert target.getvalue() == "# #[error]x\n  : :notice::y\n"
    assert all(parse(line) is None for line in lines(target.getvalue()))


def test_paused_until_dockgrade_resumes() -> None:
    """Commands are paused first (random token), resumed last; only dockgrade's own notices take effect."""
    raw = io.StringIO()
    guard = CommandsPaused(raw)
    first = raw.getvalue()
    assert re.fullmatch(r"::stop-commands::[0-9a-f]{32}\n", first)
    guard.lines.write("\n".join(FORGED) + "\n::stop-commands::other\npartial ##")
    guard.defer(["::notice title=Autograding complete::Points 1/2"])
    guard.resume()
    guard.resume()
    processed = Runner().feed(raw.getvalue())
    token = first.strip().rsplit("::", 1)[1]
    assert [(command.name, command.data) for command in processed] == [
        ("stop-commands", token),
        (token, ""),
        ("notice", "Points 1/2"),
    ]


def test_on_actions() -> None:
    """Only GITHUB_ACTIONS=true counts."""
    assert actions_log.on_actions({"GITHUB_ACTIONS": "true"})
    assert not actions_log.on_actions({"GITHUB_ACTIONS": "false"})
    assert not actions_log.on_actions({})


def test_guard_terminal_routes_pytests_writer() -> None:
    """pytest's own TerminalWriter, guarded, writes lines inert (it still keeps its file in ``_file``)."""
    raw = io.StringIO()
    writer = TerminalWriter(raw)
    guard = actions_log.guard_terminal(writer)
    writer.line("##[error]x")
    writer.write("  ::notice::y")
    guard.resume()
    assert raw.getvalue().splitlines()[1:3] == ["# #[error]x", "  : :notice::y"]


FORGING_GRADER = '''
from dockgrade.core.errors import BuildFailed
from dockgrade.grading.check import check, expect

EXERCISE = "s5-e02-first-build"
FORGED = {forged!r}


@check(points=1)
def test_builds():
    """a imagem é construída"""
    print(FORGED)
    raise BuildFailed("o build da imagem falhou:\\n" + FORGED, FORGED + "\\n" + "x" * 100000)


@check(points=1)
def test_message():
    """a página tem o h1"""
    expect(False, FORGED, hint=FORGED)


@check(points=1)
def test_bug():
    """um erro do corretor"""
    raise RuntimeError(FORGED)


@check(points=1)
def test_ok():
    """isto passa"""
'''


def _forging_run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[str, Path]:
    """A child pytest on GitHub Actions grading checks whose texts forge commands: (stdout + stderr, files dir)."""
    for name in ("DOCKGRADE_CLASSROOM", "DOCKGRADE_CLASSROOM_NOTICES", "DOCKGRADE_VIEW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(pytester.path / "github-output"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(pytester.path / "step-summary"))
    folder = pytester.path / "sub" / "primeiro-build"
    folder.mkdir(parents=True)
    (folder / "Dockerfile").write_text("FROM nginx\n", encoding="utf-8")
    pytester.makepyfile(test_grader=FORGING_GRADER.format(forged="\n".join(FORGED)))
    plugin = ("-p", "dockgrade.plugin", "-p", "no:cacheprovider", "--submission", "sub", "-rA", "-v")
    result = pytester.runpytest_subprocess(*plugin, *extra)
    return "\n".join(result.outlines + result.errlines), pytester.path


@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["serial", "xdist"])
def test_session_on_actions_forges_nothing(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, workers: tuple[str, ...]
) -> None:
    """Messages, hints, log tails, captured output and a grader's traceback: only dockgrade's commands take effect."""
    output, folder = _forging_run(pytester, monkeypatch, *workers)
    processed = Runner().feed(output)
    assert [command.name for command in processed][2:] == ["notice", "notice"], output
    assert processed[2].data == "Points 1/4"
    own = {f"::stop-commands::{processed[0].data}", f"::{processed[0].data}::", *classroom_notices(output)}
    assert [line for line in lines(output) if parse(line) is not None and line not in own] == []
    assert len(classroom_notices(output)) == 2
    assert "Points 44/44" in output, "the forged text is still shown, inert"
    assert len(output) < 40_000, "the 100,000-character log tail is bounded in the terminal"
    result_line = (folder / "github-output").read_text(encoding="utf-8")
    assert re.fullmatch(r"result=[A-Za-z0-9+/=]+\n", result_line)
    result = classroom.decode_output(result_line)
    assert [test["line_no"] for test in result["tests"]] == [0, 0, 0, 0]
    for test in result["tests"]:
        assert [parse(line) for line in lines(test["message"])] == [None] * len(lines(test["message"]))
    summary = (folder / "step-summary").read_text(encoding="utf-8")
    assert [line for line in lines(summary) if parse(line) is not None] == []
    assert len(base64.b64decode(result_line[7:])) == len(json.dumps(result, ensure_ascii=False).encode())


def test_notices_left_to_the_reporter(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --no-dockgrade-classroom-notices only the pause and resume are commands (the reporter prints notices)."""
    output, folder = _forging_run(pytester, monkeypatch, "--no-dockgrade-classroom-notices")
    assert [command.name for command in Runner().feed(output)][2:] == []
    assert classroom_notices(output) == []
    assert (folder / "github-output").read_text(encoding="utf-8").startswith("result=")


def classroom_notices(output: str) -> list[str]:
    """dockgrade's own notice lines in ``output``."""
    return [line for line in lines(output) if line.startswith(f"::notice title={classroom.COMPLETE_TITLE}")] + [
        line for line in lines(output) if line.startswith(f"::notice title={classroom.REPORT_TITLE}")
    ]
