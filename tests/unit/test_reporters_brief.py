"""Bounded texts: the terminal, JUnit, Gradescope and Classroom carry a bounded log; HTML and JSON keep it whole."""

from __future__ import annotations

from pathlib import Path

from dockgrade.core.results import CheckResult, Outcome, Report
from dockgrade.reporters import Outputs, brief, classroom, publish, summary

FLOOD_LINE = "y" * 65_536  # one line of a `RUN yes | tr -d '\n'` build: the whole 64 KiB tail the sandbox keeps
FLOOD_LOG = "\n".join(f"linha {number} " + "y" * 5_000 for number in range(13)) + "\n" + FLOOD_LINE


def flooded(exercises: int = 4, checks: int = 6) -> Report:
    """Section-5 exercises whose builds printed floods: 64 KiB tails, 64 KiB messages, every check failed."""
    report = Report()
    for exercise in range(exercises):
        for check in range(checks):
            report.add(
                CheckResult(
                    f"s5-e0{exercise}-flood",
                    f"c{check}",
                    f"verificação {check}",
                    1,
                    Outcome.FAILED if check % 2 else Outcome.ERRORED,
                    message="o build da imagem falhou: " + FLOOD_LINE,
                    hint=FLOOD_LINE,
                    details=FLOOD_LOG,
                    cause="BuildFailed",
                )
            )
    return report


def test_clipped_says_how_much_was_cut() -> None:
    """A cut text keeps its start and says how many characters went and where the whole text is."""
    assert brief.clipped("abc", 3) == "abc"
    assert brief.clipped("abcdef", 3) == "abc … [+3 caracteres: o relatório HTML tem o texto inteiro]"


def test_log_tail_bounds_lines_and_size() -> None:
    """At most 15 lines, each cut at 240 characters, 2000 in all; the last lines are the ones kept."""
    tail = brief.log_tail(FLOOD_LOG)
    assert len(tail) <= brief.DEFAULT.log_chars
    assert tail.splitlines()[-1].startswith("y" * 240 + " … [+")
    assert all(len(line) <= 320 for line in tail.splitlines())
    assert brief.log_tail("\n".join(str(n) for n in range(40))).splitlines() == [str(n) for n in range(25, 40)]


def test_terminal_failure_text_is_bounded() -> None:
    """pytest's failure text of a flooded check stays within a few kilobytes."""
    result = flooded(1, 1).results[0]
    assert len(summary.failure_text(brief.brief(result))) < 4_000


def test_classroom_result_far_under_the_environment_limit() -> None:
    """Four flooding exercises (24 checks, ~4.6 MB of text) give a result under 48 KiB, whatever its size before."""
    report = flooded()
    encoded = classroom.encoded(classroom.runner_result(report))
    assert len(encoded) <= classroom.RESULT_BYTES < 128 * 1024 // 2
    assert sum(test["score"] for test in classroom.runner_result(report)["tests"]) == 0
    many = flooded(exercises=9, checks=30)
    assert len(classroom.encoded(classroom.runner_result(many))) <= classroom.RESULT_BYTES


def test_small_results_keep_their_messages() -> None:
    """A result that fits keeps the full (bounded) message and log tail."""
    report = flooded(1, 1)
    message = classroom.runner_result(report)["tests"][0]["message"]
    assert message.startswith("o build da imagem falhou: yyy")
    assert "linha 12" in message


def test_every_bounded_channel_and_the_whole_html(tmp_path: Path) -> None:
    """JUnit, Gradescope, Classroom files stay small; the HTML page and the JSON report keep the whole log."""
    files = {name: tmp_path / name for name in ("json", "junit", "gradescope", "html", "classroom")}
    wanted = Outputs(
        json=files["json"],
        junit=files["junit"],
        gradescope=files["gradescope"],
        html=files["html"],
        classroom=True,
        classroom_json=files["classroom"],
    )
    environ = {"GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")}
    publish(flooded(), wanted, environ)
    sizes = {name: path.stat().st_size for name, path in files.items()}
    assert sizes["junit"] < 200_000
    assert sizes["gradescope"] < 200_000
    assert sizes["classroom"] < classroom.RESULT_BYTES
    assert (tmp_path / "output").stat().st_size < classroom.RESULT_BYTES + 16
    assert (tmp_path / "summary").stat().st_size < 200_000
    assert FLOOD_LINE in files["html"].read_text(encoding="utf-8")
    assert FLOOD_LINE in files["json"].read_text(encoding="utf-8")
