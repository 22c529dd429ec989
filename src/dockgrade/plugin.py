"""The pytest glue: options, check markers, prerequisites, outcomes and the score summary.

Each graded check's result travels in its report's ``user_properties`` so the summary is
the same with or without pytest-xdist (workers' reports reach the controller).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Generator
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import pytest

from dockgrade import final_project, messages, reporters, summary
from dockgrade.advice import Advice, advise
from dockgrade.catalogue import exercise as find_exercise
from dockgrade.errors import BuildFailed, CheckFailed, Missing, NotRunnableOffline
from dockgrade.images import ENV_MODE, ImageMode
from dockgrade.reporters.visibility import for_view, masked
from dockgrade.results import CheckResult, Outcome
from dockgrade.state import install, run_state
from dockgrade.submission import DEFAULT_SUBMISSION

pytest_plugins = ["dockgrade.fixtures"]
_RESULT_PROPERTY = "dockgrade.result"


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options students, CI and instructors use."""
    group = parser.getgroup("dockgrade")
    group.addoption("--submission", default=None, help="the student's repository (default: exercises/)")
    group.addoption(
        "--images",
        default=None,
        choices=[mode.value for mode in ImageMode],
        help=f"official images, offline stand-ins, or auto (default: ${ENV_MODE} or auto)",
    )
    group.addoption("--lang", default=None, choices=list(messages.LANGUAGES), help="language of the feedback")
    reporters.add_options(group)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers, apply the language and set up the run's state."""
    config.addinivalue_line("markers", "docker: needs a reachable Docker engine")
    config.addinivalue_line("markers", "check(points, requires, gate, hidden): a graded check")
    if language := config.getoption("--lang"):
        messages.set_language(language)
    submission = config.getoption("--submission")
    install(config, Path(submission) if submission else DEFAULT_SUBMISSION)
    _interrupt_on_sigterm()
    _one_worker_per_grader(config)


def _one_worker_per_grader(config: pytest.Config) -> None:
    """Under ``-n N`` alone, spread whole files over xdist workers, never the checks of one file.

    A grader's checks share module fixtures (one build, one compose project) and gates, so they must
    run in order on one worker; xdist's default ``load`` would scatter them. An explicit ``--dist`` stays.
    """
    if getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadfile"


def _interrupt_on_sigterm() -> None:
    """Make SIGTERM behave like Ctrl-C, so fixtures tear down and every sandbox is removed."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip, as "not run", a check whose exercise is missing or whose prerequisite did not pass."""
    spec = _spec(item)
    if spec is None:
        return
    state = run_state(item.config)
    exercise = find_exercise(spec["exercise"])
    if state.locate(exercise) is None:
        _missing_exercise(item, state.missing_message(exercise), exercise.id)
    if spec["superseded_by"] and final_project.graded_on(state.locate, exercise):
        raise final_project.superseded(exercise, spec["check"], spec["superseded_by"])
    for blocker in _blockers(item, spec):
        pytest.skip(messages.text("not_run", reason=_reason(blocker, _instructor(item.config))))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Turn the phase's outcome into a CheckResult and a traceback-free message."""
    report: pytest.TestReport = yield
    spec = _spec(item)
    if spec is None or not _decisive(report):
        return report
    result = _result(spec, report, call, item.config)
    report.user_properties.append((_RESULT_PROPERTY, {**asdict(result), "outcome": result.outcome.value}))
    if result.outcome is Outcome.FAILED:
        report.longrepr = summary.failure_text(result if _instructor(item.config) else masked(result))
    if result.outcome is Outcome.SUPERSEDED:  # pytest's own line names the step, not the exception's class
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {result.message}")
    if result.cause == NotRunnableOffline.__name__:
        # Neither the student's fault nor a grader bug: this machine cannot run it. The check keeps its
        # outcome and points in every report; pytest counts it as skipped, so an offline run can exit 0.
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {result.message}")
    return report


def _mask_name(report: pytest.TestReport) -> None:
    """Keep a hidden check's function name out of pytest's own lines (FAILED …, -v) in the student's view.

    Only where the terminal prints (never on an xdist worker, which tracks its tests by node id);
    tryfirst, so the terminal reporter already sees the neutral name.
    """
    path, line, _ = report.location
    report.nodeid = report.nodeid.split("::", 1)[0] + "::hidden"
    report.location = (path, line, "hidden")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect results (also those sent by xdist workers) into the run's report."""
    for name, value in report.user_properties:
        if name == _RESULT_PROPERTY and _CONFIG is not None:
            fields = cast(dict[str, Any], value)
            run_state(_CONFIG).report.add(CheckResult(**{**fields, "outcome": Outcome(fields["outcome"])}))
            if fields["hidden"] and not _instructor(_CONFIG) and not hasattr(_CONFIG, "workerinput"):
                _mask_name(report)


_CONFIG: pytest.Config | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the config for the report hook, which pytest calls without it."""
    global _CONFIG
    _CONFIG = session.config


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Take down the final projects shared by a section's graders once the next test is of another section."""
    final_project.release_shared(item.config, _section(nextitem))


def _section(item: pytest.Item | None) -> int | None:
    exercise_id = getattr(getattr(item, "module", None), "EXERCISE", None)
    try:
        return find_exercise(exercise_id).section if isinstance(exercise_id, str) else None
    except KeyError:
        return None


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Record stand-in substitutions and write the reports asked for (on the controller, not xdist workers)."""
    state = run_state(session.config)
    for resolver in state.resolvers:
        state.report.substitutions.extend(asdict(s) for s in resolver.substitutions.values())
    if not hasattr(session.config, "workerinput"):
        state.report.advice = _advice(session.config)
        reporters.publish(state.report, _outputs(session.config))


def _advice(config: pytest.Config) -> list[Advice]:
    """hadolint's advice on the Dockerfiles of every exercise this run graded (found or not, passed or not)."""
    state = run_state(config)
    found: list[Advice] = []
    for exercise_id in dict.fromkeys(result.exercise for result in state.report.results):
        location = state.locate(find_exercise(exercise_id))
        if location is not None:
            found += advise(exercise_id, location.path)
    return found


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the score table after every run that graded something."""
    state = run_state(config)
    if state.report.results:
        wanted = _outputs(config)
        terminalreporter.write("\n" + summary.table(for_view(state.report, wanted.view)) + "\n")
        for line in reporters.console(state.report, wanted):
            terminalreporter.write_line(line)


def _outputs(config: pytest.Config) -> reporters.Outputs:
    return reporters.outputs(config, run_state(config).submission.root.resolve().name)


def _instructor(config: pytest.Config) -> bool:
    return reporters.view_from(config.getoption("--dockgrade-view")) is reporters.View.INSTRUCTOR


def _spec(item: pytest.Item) -> dict[str, Any] | None:
    mark = item.get_closest_marker("check")
    module = getattr(item, "module", None)
    if mark is None or module is None or not hasattr(module, "EXERCISE"):
        return None
    name = getattr(item, "originalname", item.name)
    check_name = name.removeprefix("test_")
    return {
        "exercise": module.EXERCISE,
        "check": check_name,
        "title": messages.title(module.EXERCISE, check_name, _first_line(_docstring(item), name)),
        "points": float(mark.kwargs.get("points", 1)),
        "requires": tuple(mark.kwargs.get("requires", ())),
        "gate": bool(mark.kwargs.get("gate", False)),
        "hidden": bool(mark.kwargs.get("hidden", False)),
        "superseded_by": str(mark.kwargs.get("superseded_by", "")),
    }


def _missing_exercise(item: pytest.Item, message: str, exercise_id: str) -> None:
    first = run_state(item.config).report.results
    if any(result.exercise == exercise_id for result in first):
        pytest.skip(messages.text("not_run", reason=messages.text("reason.missing_exercise")))
    raise Missing(message, exercise_id, str(run_state(item.config).submission.root))


def _blockers(item: pytest.Item, spec: dict[str, Any]) -> list[CheckResult]:
    report = run_state(item.config).report
    earlier = [result for result in report.results if result.exercise == spec["exercise"]]
    gates = [result for result in earlier if result.gate and result.outcome is not Outcome.PASSED]
    required = [report.get(f"{spec['exercise']}::{name}") for name in spec["requires"]]
    return gates + [result for result in required if result and result.outcome is not Outcome.PASSED]


def _reason(blocker: CheckResult, instructor: bool) -> str:
    if blocker.hidden and not instructor:
        return messages.text("reports.hidden.prerequisite")
    if blocker.outcome is Outcome.NOT_RUN:
        return blocker.message.removeprefix(messages.text("not_run", reason=""))
    if blocker.cause == BuildFailed.__name__:
        return messages.text("reason.build")
    return messages.text("reason.prerequisite", check=blocker.check)


def _decisive(report: pytest.TestReport) -> bool:
    if report.when == "call":
        return True
    return report.when == "setup" and not report.passed


def _result(
    spec: dict[str, Any], report: pytest.TestReport, call: pytest.CallInfo[None], config: pytest.Config
) -> CheckResult:
    fields = {key: spec[key] for key in ("exercise", "check", "title", "points", "hidden", "gate")}
    error = call.excinfo.value if call.excinfo else None
    cause = type(error).__name__ if error is not None else ""
    if report.passed:
        return CheckResult(**fields, outcome=Outcome.PASSED, cause=cause)
    if report.skipped and isinstance(error, final_project.Superseded):
        return CheckResult(**fields, outcome=Outcome.SUPERSEDED, message=str(error.msg), cause=cause)
    if report.skipped:
        return CheckResult(**fields, outcome=Outcome.NOT_RUN, message=_skip_message(report), cause=cause)
    if isinstance(error, CheckFailed):
        details = error.log_tail if isinstance(error, BuildFailed) else ""
        message = error.message
        if isinstance(error, Missing) and (note := run_state(config).unexecuted_note(spec["exercise"])):
            # "run.sh has no docker run …" confuses a student who wrote it piped: say which lines never ran.
            message = f"{message}; {note}"
        return CheckResult(
            **fields, outcome=Outcome.FAILED, message=message, hint=error.hint, details=details, cause=cause
        )
    if isinstance(error, AssertionError):
        return CheckResult(
            **fields, outcome=Outcome.FAILED, message=_first_line(str(error), "AssertionError"), cause=cause
        )
    if isinstance(error, NotRunnableOffline):
        return CheckResult(**fields, outcome=Outcome.ERRORED, message=str(error), cause=cause)
    text = messages.text("grader_error", error=f"{type(error).__name__}: {error}")
    return CheckResult(**fields, outcome=Outcome.ERRORED, message=text, cause=cause)


def _skip_message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _docstring(item: pytest.Item) -> str:
    return getattr(getattr(item, "function", None), "__doc__", None) or ""


def _first_line(text: str, default: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else default
