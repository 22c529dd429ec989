"""The pytest glue: options, check markers, prerequisites, outcomes and the score summary.

Each graded check's result travels in its report's ``user_properties`` so the summary is
the same with or without pytest-xdist (workers' reports reach the controller). It is JSON and
also goes on the item, so pytest's own ``--junitxml`` (which reads the teardown report's
properties) records it as the ``dockgrade.result`` property of the test.

On GitHub Actions the whole session's output is guarded (``actions_log``): nothing a submission
wrote reaches the log as a workflow command, and dockgrade's own notices are printed last.
"""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Generator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, cast

import pytest

from dockgrade import reporters
from dockgrade.compose import final_project
from dockgrade.core import messages, settings
from dockgrade.core.advice import Advice, advise
from dockgrade.core.errors import AssignmentError, BuildFailed, CheckFailed, Missing, NotHandedIn, NotRunnableOffline
from dockgrade.core.results import CheckResult, Outcome
from dockgrade.core.settings import Settings
from dockgrade.core.shown_paths import hide_host_paths
from dockgrade.course import assignments, catalogue
from dockgrade.course.catalogue import exercise as find_exercise
from dockgrade.course.submission import DEFAULT_SUBMISSION
from dockgrade.grading import contract as grader_contract
from dockgrade.grading.state import install, run_state
from dockgrade.offline.images import ImageMode
from dockgrade.reporters import actions_log, summary
from dockgrade.reporters.brief import brief, brief_report
from dockgrade.reporters.visibility import for_view, masked
from dockgrade.runtime import egress
from dockgrade.runtime.sandbox import remove_own_orphan_layers, start_egress_early

pytest_plugins = ["dockgrade.grading.fixtures"]
_RESULT_PROPERTY = "dockgrade.result"
_GUARD = pytest.StashKey[actions_log.CommandsPaused]()
_EGRESS_START = pytest.StashKey[threading.Thread]()  # the proxy starting while pytest collects
_STARTED = pytest.StashKey[dict[str, float]]()  # when each exercise's first check began: its refusals come after


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options students, CI and instructors use."""
    group = parser.getgroup("dockgrade")
    group.addoption("--submission", default=None, help="the student's repository (default: exercises/)")
    group.addoption(
        "--submission-name", default=None, help="whose submission the reports name (default: its folder's name)"
    )
    group.addoption(
        "--images",
        default=None,
        choices=[mode.value for mode in ImageMode],
        help=f"official images, offline stand-ins, or auto (default: ${settings.ENV_IMAGES} or auto)",
    )
    group.addoption("--lang", default=None, choices=list(messages.LANGUAGES), help="language of the feedback")
    group.addoption(
        "--assignment",
        default=None,
        metavar="NAME|FILE",
        help=f"the exercises expected and their weights: {', '.join(assignments.BUILT_IN)} or a YAML file "
        f"(default: ${settings.ENV_ASSIGNMENT} or {assignments.COMPLETE})",
    )
    reporters.add_options(group)


def pytest_configure(config: pytest.Config) -> None:
    """Start the egress proxy (it comes up while pytest sets up and collects), declare the markers, apply the
    language and set up the run's state."""
    if _runs_tests_here(config) and (starting := start_egress_early()) is not None:
        config.stash[_EGRESS_START] = starting
    config.addinivalue_line("markers", "docker: needs a reachable Docker engine")
    config.addinivalue_line("markers", "check(points, requires, gate, hidden): a graded check")
    if language := config.getoption("--lang"):
        messages.set_language(language)
    submission = config.getoption("--submission")
    install(config, Path(submission) if submission else DEFAULT_SUBMISSION, _assignment(config))
    _interrupt_on_sigterm()
    _one_worker_per_grader(config)


def _assignment(config: pytest.Config) -> assignments.Assignment:
    """The ``--assignment`` chosen (else ``$DOCKGRADE_ASSIGNMENT``, else every exercise); a bad one is a usage error."""
    spec = config.getoption("--assignment") or Settings.from_environment().assignment or assignments.COMPLETE
    try:
        return assignments.load(spec)
    except AssignmentError as error:
        raise pytest.UsageError(str(error)) from error


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Check the graders' contract, then leave out the graders of exercises the assignment does not expect: not
    graded, not counted."""
    modules = {id(module): module for item in items if (module := getattr(item, "module", None)) is not None}
    for module in modules.values():
        if getattr(module, "EXERCISE", None) and getattr(module, "__file__", None):
            catalogue.add_folder(Path(module.__file__).parent)  # a grader kept outside graders/ describes itself
    broken = [problem for module in modules.values() for problem in grader_contract.problems_of(module)]
    if broken:
        raise pytest.UsageError("grader contract broken:\n" + "\n".join(broken))
    assignment = run_state(config).assignment
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        exercise_id = getattr(getattr(item, "module", None), "EXERCISE", None)
        (left_out if exercise_id and not assignment.expects(exercise_id) else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
    items[:] = in_course_order(kept)


def in_course_order(items: list[pytest.Item]) -> list[pytest.Item]:
    """The graders in the course's order (s5-e01 before s5-e02), whatever their folders' names; other tests stay
    where they were.

    Folders carry the course's project names (``primeiro-build`` sorts after ``image-tags`` but comes second), and
    graders of one section share state in that order (the final project, the report's rows).
    """
    slots = [index for index, item in enumerate(items) if _exercise_of(item)]
    graders = sorted((items[index] for index in slots), key=_exercise_of)
    ordered = list(items)
    for index, grader in zip(slots, graders, strict=True):
        ordered[index] = grader
    return ordered


def _exercise_of(item: pytest.Item) -> str:
    return str(getattr(getattr(item, "module", None), "EXERCISE", "") or "")


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
    item.config.stash.setdefault(_STARTED, {}).setdefault(spec["exercise"], time.time())
    state = run_state(item.config)
    exercise = find_exercise(spec["exercise"])
    if state.locate(exercise) is None:
        raise NotHandedIn(state.missing_message(exercise), exercise.id, str(state.submission.root))
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
    result = _with_refusals(_without_host_paths(_result(spec, report, call, item.config), item.config), item.config)
    recorded = (_RESULT_PROPERTY, json.dumps({**asdict(result), "outcome": result.outcome.value}, ensure_ascii=False))
    report.user_properties.append(recorded)
    item.user_properties.append(recorded)  # the teardown report carries it too: pytest's --junitxml reads that one
    if result.outcome is Outcome.FAILED:
        report.longrepr = summary.failure_text(brief(result if _instructor(item.config) else masked(result)))
    if result.outcome is Outcome.ABSENT:
        _absent_once(report, result, item.config)
    if result.outcome is Outcome.SUPERSEDED:  # pytest's own line names the step, not the exception's class
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {result.message}")
    if result.cause == NotRunnableOffline.__name__:
        # Neither the student's fault nor a grader bug: this machine cannot run it. The check keeps its
        # outcome and points in every report; pytest counts it as skipped, so an offline run can exit 0.
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"Skipped: {result.message}")
    return report


def _absent_once(report: pytest.TestReport, result: CheckResult, config: pytest.Config) -> None:
    """pytest shows an exercise not handed in once (an error with the message); its other checks as skipped."""
    earlier = run_state(config).report.results
    if any(other.exercise == result.exercise and other.outcome is Outcome.ABSENT for other in earlier):
        report.outcome = "skipped"
        report.longrepr = (str(report.fspath), report.location[1] or 0, f"Skipped: {result.message}")
    else:
        report.longrepr = result.message


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
            fields = cast(dict[str, Any], json.loads(str(value)))
            run_state(_CONFIG).report.add(CheckResult(**{**fields, "outcome": Outcome(fields["outcome"])}))
            if fields["hidden"] and not _instructor(_CONFIG) and not hasattr(_CONFIG, "workerinput"):
                _mask_name(report)


_CONFIG: pytest.Config | None = None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the config for the report hook, which pytest calls without it; guard the Actions log."""
    global _CONFIG
    _CONFIG = session.config
    if actions_log.on_actions() and not hasattr(session.config, "workerinput"):
        session.config.stash[_GUARD] = actions_log.guard_terminal(session.config.get_terminal_writer())


def _runs_tests_here(config: pytest.Config) -> bool:
    """False for ``--collect-only`` and for xdist's controller, whose workers run the tests."""
    if config.option.collectonly:
        return False
    return hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    """On Actions, resume workflow commands after pytest's last line and print dockgrade's notices."""
    if guard := config.stash.get(_GUARD, None):
        guard.resume()


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
    """Remove the egress proxy; record stand-in substitutions and write the reports asked for (on the controller,
    not xdist workers)."""
    # Every sandbox is gone by now. The proxy's removal (~1 s of the engine's time) goes on beside the reports.
    starting = session.config.stash.get(_EGRESS_START, None)
    closing = threading.Thread(target=_close_egress, args=(starting,), name="dockgrade-egress-close")
    closing.start()
    try:
        state = run_state(session.config)
        for client in {id(resolver.client): resolver.client for resolver in state.resolvers}.values():
            # Compose's classic builds commit one layer per label; one shared by two builds of this process dangles.
            remove_own_orphan_layers(client)
        for resolver in state.resolvers:
            state.report.substitutions.extend(asdict(s) for s in resolver.substitutions.values())
        if not hasattr(session.config, "workerinput"):
            state.report.advice = _advice(session.config)
            reporters.publish(state.report, _outputs(session.config))
    finally:
        closing.join()


def _close_egress(starting: threading.Thread | None) -> None:
    """Remove the proxies, once one still starting (a short session ends before it) is up: none is left."""
    if starting is not None:
        starting.join()
    egress.close_all()


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
        terminalreporter.write("\n" + summary.table(brief_report(for_view(state.report, wanted.view))) + "\n")
        notices = reporters.console(for_view(state.report, wanted.view), wanted)
        if guard := config.stash.get(_GUARD, None):
            guard.defer(notices)
        else:
            for line in notices:
                terminalreporter.write_line(line)


def _outputs(config: pytest.Config) -> reporters.Outputs:
    name = config.getoption("--submission-name") or run_state(config).submission.root.resolve().name
    return reporters.outputs(config, name)


def _instructor(config: pytest.Config) -> bool:
    return reporters.view_from(config.getoption("--dockgrade-view")) is reporters.View.INSTRUCTOR


def _spec(item: pytest.Item) -> dict[str, Any] | None:
    mark = item.get_closest_marker("check")
    module = getattr(item, "module", None)
    if mark is None or module is None or not hasattr(module, "EXERCISE"):
        return None
    name = getattr(item, "originalname", item.name)
    check_name = name.removeprefix("test_")
    weight = run_state(item.config).assignment.weight(module.EXERCISE)
    return {
        "exercise": module.EXERCISE,
        "check": check_name,
        "title": messages.title(module.EXERCISE, check_name, _first_line(_docstring(item), name)),
        "points": float(mark.kwargs.get("points", 1)) * weight,
        "requires": tuple(mark.kwargs.get("requires", ())),
        "gate": bool(mark.kwargs.get("gate", False)),
        "hidden": bool(mark.kwargs.get("hidden", False)),
        "superseded_by": str(mark.kwargs.get("superseded_by", "")),
    }


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


def _with_refusals(result: CheckResult, config: pytest.Config) -> CheckResult:
    """A failed check says which connections the egress proxy refused since its exercise began, and why."""
    since = config.stash.get(_STARTED, {}).get(result.exercise)
    if result.outcome is not Outcome.FAILED or since is None:
        return result
    note = egress.refusal_note(since)
    return replace(result, message=f"{result.message}; {note}") if note else result


def _without_host_paths(result: CheckResult, config: pytest.Config) -> CheckResult:
    """The student reads paths relative to the submission, never where the grading machine keeps it."""
    roots = [run_state(config).submission.root]
    hint = hide_host_paths(result.hint, roots) if result.hint else result.hint
    message, details = (hide_host_paths(text, roots) for text in (result.message, result.details))
    return replace(result, message=message, hint=hint, details=details)


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
    if isinstance(error, NotHandedIn):
        return CheckResult(**fields, outcome=Outcome.ABSENT, message=error.message, cause=cause)
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
