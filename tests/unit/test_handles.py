"""The graders' one import and the handles' behaviour that needs no engine: lookups, exec results, name resolution."""

from __future__ import annotations

import subprocess
import sys
from typing import Any, cast

import pytest
from docker.errors import NotFound

import dockgrade
from dockgrade.compose.project import ComposeProject
from dockgrade.core.errors import Missing, StepTimedOut
from dockgrade.handles import Container, ScriptContainer, Service
from dockgrade.handles import container as handle_container
from dockgrade.runtime.sandbox import ExecResult, SandboxContainer
from dockgrade.script.interpreter import Interpreter


def test_every_exported_name_resolves() -> None:
    """Each name of ``from dockgrade import …`` loads from the module that defines it."""
    for name in dockgrade.__all__:
        assert getattr(dockgrade, name) is not None
    assert dockgrade.say("s9.role.db")  # messages.text under the graders' name


def test_importing_dockgrade_stays_light() -> None:
    """``import dockgrade`` (the CLI's first import) loads neither docker nor requests, nor any exported module."""
    code = "import sys, dockgrade; print('docker' in sys.modules, 'requests' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.split() == ["False", "False"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A typo in a grader's import fails as Python's own ImportError, not something stranger."""
    with pytest.raises(AttributeError):
        _ = dockgrade.no_such_helper  # type: ignore[attr-defined]


class FakeSandboxContainer:
    """The bounded primitives a Container handle calls, recorded."""

    name = "dockgrade-abc-web"

    def __init__(self, status: str = "running", code: int = 0) -> None:
        self.state, self.code, self.commands = status, code, cast(list[list[str]], [])
        self.environments: list[dict[str, str] | None] = []

    def status(self) -> str:
        return self.state

    def exec(
        self, command: list[str], user: str | None = None, environment: dict[str, str] | None = None
    ) -> ExecResult:
        self.commands.append(command)
        self.environments.append(environment)
        return ExecResult(self.code, "10.0.0.2 db\n")

    def logs(self) -> str:
        return "a\nb\nServer exited\n"

    def inspect(self) -> dict[str, Any]:
        return {"State": {"OOMKilled": False, "ExitCode": 1}}


def container(fake: FakeSandboxContainer) -> Container:
    return Container(cast(SandboxContainer, fake))


def test_exec_gives_code_and_output() -> None:
    """``exec`` answers (exit code, output), the shape every handle shares."""
    assert container(FakeSandboxContainer(code=3)).exec(["true"]) == (3, "10.0.0.2 db\n")


def test_resolves_asks_getent_inside() -> None:
    """Name resolution is the container's own (getent hosts), never the grader's."""
    fake = FakeSandboxContainer(code=2)
    assert not container(fake).resolves("db")
    assert fake.commands == [["getent", "hosts", "db"]]
    # Asked once, for a second: a name nobody knows must not wait out glibc's 20 s on a network with no way out.
    assert fake.environments == [{"RES_OPTIONS": "timeout:1 attempts:1"}]
    assert container(FakeSandboxContainer(code=0)).resolves("db")


def test_get_on_an_exited_container_fails_at_once_with_its_last_words() -> None:
    """A container that exited will not answer: the check fails now, quoting its log's last lines."""
    with pytest.raises(StepTimedOut) as failure:
        container(FakeSandboxContainer(status="exited")).get("/", port=80, timeout=30)
    assert "Server exited" in failure.value.message


class DaemonisingContainer(FakeSandboxContainer):
    """Running when first asked, exited right after its page was served (``CMD ["nginx"]``: PID 1 forks and exits)."""

    def __init__(self) -> None:
        super().__init__()
        self.states = iter(["running", "exited"])

    def status(self) -> str:
        return next(self.states, "exited")

    def url(self, port: int, path: str = "/") -> str:
        return f"http://127.0.0.1:1{port}{path}"


def test_a_page_served_as_the_container_exits_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer in the instant before PID 1 exits is no server: the check fails with the container's last words."""
    monkeypatch.setattr(handle_container.bounded_http, "get", lambda _url: object())
    with pytest.raises(StepTimedOut) as failure:
        container(DaemonisingContainer()).get("/", port=80, timeout=30)
    assert "Server exited" in failure.value.message


def test_require_running_passes_a_running_container() -> None:
    """Nothing to say about a container still running."""
    container(FakeSandboxContainer()).require_running()


class FakeScript:
    """An interpreter whose script named one container, web."""

    def __init__(self) -> None:
        self.containers = self
        self.names = self

    def snapshot(self, name: str) -> Any:
        if name != "web":
            raise NotFound(f"No such container: {name}")
        return cast(Any, type("State", (), {"name": "web", "status": "running", "image": "nginx:1.13"}))()

    def students(self, kind: str) -> list[str]:
        return ["web", "gone"]


def test_a_script_container_is_found_by_its_students_name() -> None:
    """``named`` finds what the script called it; a name that no longer exists is None, not an error."""
    script = cast(Interpreter, FakeScript())
    web = ScriptContainer.named(script, "web")
    assert web is not None
    assert web.name == "web"
    assert web.repository == "nginx"
    assert ScriptContainer.named(script, "gone") is None
    assert [handle.name for handle in ScriptContainer.running(script, "nginx")] == ["web"]
    assert ScriptContainer.running(script, "redis") == []


class FakeProject:
    """A compose project with a postgres service named database (a student's name, not the course's db)."""

    unavailable: dict[str, str] = {}  # noqa: RUF012 - a fake's class attribute, never mutated

    def services(self) -> dict[str, Any]:
        return {"database": {"image": "postgres:9.6", "environment": ["POSTGRES_USER=aluno", "broken"]}}

    def find_service(self, **clues: Any) -> str | None:
        return ComposeProject.find_service(cast(ComposeProject, self), **clues)

    def containers(self, service: str) -> list[Any]:
        return [object()] if service == "database" else []


def test_a_service_is_found_by_name_else_by_role() -> None:
    """Students rename services: the role's clue (the image) finds it; its declared environment is read as a dict."""
    project = cast(ComposeProject, FakeProject())
    db = Service.find(project, "o banco", name="db", image="postgres")
    assert db.name == "database"
    assert db.environment == {"POSTGRES_USER": "aluno"}


def test_a_missing_service_fails_naming_the_role() -> None:
    """No service plays the role: the student reads which one is missing."""
    with pytest.raises(Missing) as failure:
        Service.find(cast(ComposeProject, FakeProject()), "a fila", name="queue", image="redis")
    assert "a fila" in failure.value.message
