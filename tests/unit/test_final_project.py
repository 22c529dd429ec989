"""Lecture steps graded on a final project: discovery, which checks are superseded, one shared ``up`` (no engine)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dockgrade.compose import final_project
from dockgrade.compose.final_project import FinalProject, SharedProjects, graded_on
from dockgrade.compose.project import ComposeResult
from dockgrade.core import messages
from dockgrade.core.errors import Refused
from dockgrade.course import catalogue
from dockgrade.course.catalogue import exercise
from dockgrade.course.submission import DEFAULT_SUBMISSION, FINAL_PROJECT, Submission

pytest_plugins = ["pytester"]

GRADERS = Path(__file__).resolve().parents[2] / "graders"
EMAIL_COMPOSE = "services:\n  db:\n    image: postgres\n  queue:\n    image: redis\n  worker:\n    build: worker\n"
# The final projects of sections 8 and 9 (the lecture steps before them name them as their final_project).
S8_FINAL = "s8-e03-rest-api"
S9_FINAL = "s9-e10-override"
SECTION8 = catalogue.COURSE.of_section(8)
SECTION9 = catalogue.COURSE.of_section(9)
S9_STEPS = [item for item in catalogue.EXERCISES if item.final_project == S9_FINAL]


def project(root: Path, relative: str, text: str = EMAIL_COMPOSE) -> Path:
    """A compose project at ``root/relative``."""
    folder = root / relative
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "docker-compose.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "relative", ["email-worker-compose", "envio-emails", "docker/curso-docker/email-worker-compose", "meu-projeto", ""]
)
def test_steps_fall_back_to_the_final_project(tmp_path: Path, relative: str) -> None:
    """With only the final e-mail project (any accepted name, nested, at the root, or by content), every step of
    section 9 is located in it as "final-project" evidence."""
    folder = project(tmp_path, relative)
    submission = Submission(tmp_path)
    for step in S9_STEPS:
        location = submission.locate(step)
        assert location is not None, step.id
        assert (location.path, location.evidence) == (folder.resolve(), FINAL_PROJECT)
        assert graded_on(submission.locate, step) == FinalProject(exercise(S9_FINAL), folder.resolve())
    assert graded_on(submission.locate, exercise(S9_FINAL)) is not None


def test_step_folders_keep_their_own_grading(tmp_path: Path) -> None:
    """A step with its own folder is graded there as today; only the steps without one use the final project."""
    own = project(tmp_path, "e01-db", "services:\n  db:\n    image: postgres\n")
    final = project(tmp_path, "email-worker-compose")
    submission = Submission(tmp_path)
    first = submission.locate(exercise("s9-e01-db-compose"))
    assert first is not None
    assert (first.path, first.evidence) == (own.resolve(), "folder")
    assert graded_on(submission.locate, exercise("s9-e01-db-compose")) is None
    second = graded_on(submission.locate, exercise("s9-e02-volumes-init-scripts"))
    assert second is not None
    assert second.path == final.resolve()


def test_reference_solutions_are_step_folders() -> None:
    """The embedded references (one folder per step) never use the final-project mapping."""
    submission = Submission(DEFAULT_SUBMISSION)
    for item in SECTION8 + SECTION9:
        assert graded_on(submission.locate, item) is None, item.id


def test_section8_final_project(tmp_path: Path) -> None:
    """node-mongo-compose holds s8-e01 (its package.json), s8-e02 and s8-e03; s8-e02 is graded on it."""
    folder = project(tmp_path, "node-mongo-compose", "services:\n  db:\n    image: mongo:3.4\n")
    (folder / "backend").mkdir()
    (folder / "backend" / "package.json").write_text('{"dependencies": {"node-restful": "^0.2.6"}}', encoding="utf-8")
    submission = Submission(tmp_path)
    located = {item.id: submission.locate(item) for item in SECTION8}
    assert {key: (value.path, value.evidence) for key, value in located.items() if value} == {
        "s8-e01-initial-structure": (folder.resolve(), "alias"),
        "s8-e02-backend-test": (folder.resolve(), FINAL_PROJECT),
        "s8-e03-rest-api": (folder.resolve(), "alias"),
    }
    final = graded_on(submission.locate, exercise("s8-e02-backend-test"))
    assert final is not None
    assert (final.final.id, final.up_args) == ("s8-e03-rest-api", ())


def test_no_final_project_no_fallback(tmp_path: Path) -> None:
    """Without any section 9 project a step stays "not found" (its own folder is the one named)."""
    (tmp_path / "primeiro-build").mkdir()
    assert Submission(tmp_path).locate(exercise("s9-e03-frontend")) is None


def _declared_supersessions() -> dict[str, str]:
    """``<exercise>::<check>`` -> the step named in ``superseded_by=`` in every grader file."""
    found: dict[str, str] = {}
    for path in sorted(GRADERS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_exercise = next(
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and getattr(node.targets[0], "id", "") == "EXERCISE"
            and isinstance(node.value, ast.Constant)
        )
        for node in tree.body:
            for decorator in getattr(node, "decorator_list", []):
                for keyword in getattr(decorator, "keywords", []):
                    if keyword.arg == "superseded_by":
                        found[f"{module_exercise}::{node.name.removeprefix('test_')}"] = keyword.value.value
    return found


def test_superseded_checks_name_a_later_step_of_their_project() -> None:
    """Exactly the checks a later lecture deliberately changes are declared superseded, each by a later step of
    the same final project (the app's published 8080 closed by the proxy; s8-e02's "Backend" test route)."""
    declared = _declared_supersessions()
    assert declared == {
        "s9-e04-app-enqueue::app_echo": "s9-e05-reverse-proxy",
        "s8-e02-backend-test::backend_answers": "s8-e03-rest-api",
    }
    order = [item.id for item in catalogue.EXERCISES]
    for check_id, step in declared.items():
        owner = exercise(check_id.split("::")[0])
        later = exercise(step)
        assert owner.final_project, check_id
        assert later.id == owner.final_project or later.final_project == owner.final_project, check_id
        assert order.index(later.id) > order.index(owner.id), check_id


@pytest.mark.parametrize(
    ("language", "fragment"), [("pt", "superado pelo passo s9-e05-reverse-proxy"), ("en", "superseded by the step")]
)
def test_superseded_message_names_the_step(language: str, fragment: str) -> None:
    """The student reads which later step superseded the check, and why, in either language."""
    messages.set_language(language)
    try:
        text = str(final_project.superseded(exercise("s9-e04-app-enqueue"), "app_echo", "s9-e05-reverse-proxy").msg)
        generic = str(final_project.superseded(exercise("s9-e01-db-compose"), "up", "s9-e10-override").msg)
    finally:
        messages.set_language("pt")
    assert fragment in text
    assert "8080" in text
    assert "s9-e10-override" in generic


class FakeProject:
    """Stands in for ComposeProject: records each ``up`` and answers with a scripted exit code."""

    instances: ClassVar[list[FakeProject]] = []
    exit_codes: ClassVar[dict[tuple[str, ...], int]] = {}
    refuse = False

    def __init__(self, sandbox: Any, _command: Any, folder: Path, _resolver: Any) -> None:
        self.sandbox, self.folder = sandbox, folder
        self.started: ComposeResult | None = None
        self.shared = False
        self.ups: list[tuple[str, ...]] = []
        FakeProject.instances.append(self)

    def prepare(self) -> None:
        if FakeProject.refuse:
            raise Refused("o compose não é válido", "config")

    def up(self, *args: str) -> ComposeResult:
        self.ups.append(args)
        return ComposeResult(FakeProject.exit_codes.get(args, 0), f"up {' '.join(args)}")


class FakeSandbox:
    """Counts closes (the shared project's ``down`` and removal)."""

    def __init__(self) -> None:
        self.closed = 0

    def close(self) -> None:
        self.closed += 1


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch) -> list[FakeSandbox]:
    """SharedProjects building fake projects in fake sandboxes; returns the sandboxes made."""
    monkeypatch.setattr(final_project, "ComposeProject", FakeProject)
    FakeProject.instances, FakeProject.exit_codes, FakeProject.refuse = [], {}, False
    return []


def _shared(sandboxes: list[FakeSandbox]) -> SharedProjects:
    def make() -> Any:
        sandboxes.append(FakeSandbox())
        return sandboxes[-1]

    return SharedProjects(make, Any, Any)  # type: ignore[arg-type]


S9 = FinalProject(exercise(S9_FINAL), Path("/repo/email-worker-compose"))
S8 = FinalProject(exercise(S8_FINAL), Path("/repo/node-mongo-compose"))


def test_one_up_serves_every_step(fakes: list[FakeSandbox]) -> None:
    """Plain and scaled requests of every step share the last lecture's single ``up --scale worker=3``."""
    shared = _shared(fakes)
    views = [shared.get(S9, args) for args in [(), (), ("--scale", "worker=3"), (), ("--scale", "worker=3")]]
    assert [instance.ups for instance in FakeProject.instances] == [[("--scale", "worker=3")]]
    assert all(view.started is not None and view.started.exit_code == 0 for view in views)
    assert FakeProject.instances[0].shared is True


def test_failed_scale_costs_only_the_scaling_steps(fakes: list[FakeSandbox]) -> None:
    """A worker that cannot scale (container_name) fails the scaled ``up``; plain steps get a plain ``up``."""
    FakeProject.exit_codes = {("--scale", "worker=3"): 1}
    shared = _shared(fakes)
    scaled, plain, again = shared.get(S9, ("--scale", "worker=3")), shared.get(S9, ()), shared.get(S9, ())
    assert FakeProject.instances[0].ups == [("--scale", "worker=3"), ()]
    started = [view.started for view in (scaled, plain, again)]
    assert [result.exit_code if result else None for result in started] == [1, 0, 0]


def test_refusal_is_every_steps(fakes: list[FakeSandbox]) -> None:
    """A refused project is reported to every step graded on it, without trying again."""
    FakeProject.refuse = True
    shared = _shared(fakes)
    for _ in range(2):
        with pytest.raises(Refused):
            shared.get(S9)
    assert len(FakeProject.instances) == 1
    assert FakeProject.instances[0].ups == []


def test_release_keeps_the_next_section(fakes: list[FakeSandbox]) -> None:
    """Between sections the finished section's project is taken down; the next one's stays."""
    shared = _shared(fakes)
    shared.get(S8)
    shared.get(S9)
    shared.release(keep_section=9)
    assert [sandbox.closed for sandbox in fakes] == [1, 0]
    shared.get(S9)
    assert len(FakeProject.instances) == 2
    shared.release()
    assert [sandbox.closed for sandbox in fakes] == [1, 1]


SUPERSEDED_GRADER = '''
from dockgrade.grading.check import check, expect

EXERCISE = "s9-e04-app-enqueue"


@check(points=1)
def test_logs():
    """o log do app mostra o servidor"""
    expect(True, "nunca")


@check(points=3, superseded_by="s9-e05-reverse-proxy")
def test_app_echo():
    """POST no app (porta 8080)"""
    expect(False, "a porta 8080 não responde")
'''


def test_superseded_outcome_through_the_plugin(pytester: pytest.Pytester) -> None:
    """On a final project a ``superseded_by`` check is not run: its outcome says which step, its points leave the
    maximum, and pytest counts it as skipped (exit 0); on the step's own folder it is graded as always."""
    project(pytester.path / "sub", "email-worker-compose")
    project(pytester.path / "sub2", "e04-app")
    pytester.makepyfile(test_grader=SUPERSEDED_GRADER)
    plugin = ("-p", "dockgrade.plugin", "-p", "no:cacheprovider", "-p", "no:benchmark")
    run = pytester.runpytest(*plugin, "--submission", "sub", "--dockgrade-json", "out.json")
    report = json.loads((pytester.path / "out.json").read_text(encoding="utf-8"))
    echo = next(item for item in report["checks"] if item["check"] == "app_echo")
    assert echo["outcome"] == "superseded"
    assert echo["message"].startswith("superado pelo passo s9-e05-reverse-proxy: no projeto final")
    assert (report["score"], report["max_score"]) == (1.0, 1.0)
    run.assert_outcomes(passed=1, skipped=1)
    step = pytester.runpytest(*plugin, "--submission", "sub2", "--dockgrade-json", "out2.json")
    step_report = json.loads((pytester.path / "out2.json").read_text(encoding="utf-8"))
    outcomes = {item["check"]: item["outcome"] for item in step_report["checks"]}
    assert outcomes == {"logs": "passed", "app_echo": "failed"}
    step.assert_outcomes(passed=1, failed=1)
