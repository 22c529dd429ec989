"""The e-mail project as students write it (no engine): a translated form, other ports, an app behind the proxy on
its own port; the graders ask in the student's terms instead of failing a variant."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from dockgrade.compose.project import ComposeProject
from dockgrade.handles import Service, service_http
from dockgrade.runtime import grader_exec
from tests.unit.test_handle_service import Answers, Replica, Services


def _course_data() -> Any:
    """Section 9's conftest, where the e-mail project's course data lives beside its graders."""
    path = Path(__file__).resolve().parents[2] / "graders" / "secao9" / "conftest.py"
    spec = importlib.util.spec_from_file_location("secao9_course_data", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course = _course_data()
app_port, form_data, listening_on, rows_with = course.app_port, course.form_data, course.listening_on, course.rows_with

NGINX_T = """# configuration file /etc/nginx/conf.d/default.conf:
server {
    listen 82;
    location /api {
        proxy_pass http://app:4200/;
    }
}
"""


class Result:
    def __init__(self, output: str) -> None:
        self.exit_code, self.output = 0, output.encode()


class Container:
    """A running container answering ``nginx -T`` with the student's configuration."""

    status = "running"

    def __init__(self, config: str) -> None:
        self.config = config

    def reload(self) -> None:
        pass

    def exec_run(self, words: list[str]) -> Result:
        assert words[0] in ("nginx", "sh")
        return Result(self.config)


@pytest.fixture(autouse=True)
def fake_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    """The containers here are fakes: the grader's bounded exec asks them directly."""

    def run(container: Container, words: list[str], **_: object) -> tuple[int, str]:
        result = container.exec_run(words)
        return result.exit_code, result.output.decode()

    monkeypatch.setattr(grader_exec, "run", run)


class Project:
    """The merged services of a compose project and its running containers."""

    sandbox = SimpleNamespace(limits=None)  # run_in hands the sandbox's limits to the (faked) bounded exec

    def __init__(self, services: dict[str, Any], config: str = NGINX_T) -> None:
        self._services, self.config = services, config

    def services(self) -> dict[str, Any]:
        return self._services

    def find_service(self, **clues: Any) -> str | None:
        return ComposeProject.find_service(cast(ComposeProject, self), **clues)

    def containers(self, service: str) -> list[Container]:
        return [Container(self.config)] if service in self._services else []


def email_project(page_folder: Path | None = None, **overrides: dict[str, Any]) -> ComposeProject:
    web = [{"type": "bind", "source": str(page_folder), "target": "/usr/share/nginx/html/"}] if page_folder else []
    services: dict[str, Any] = {
        "db": {"image": "postgres:9.6"},
        "frontend": {"image": "nginx:1.13", "volumes": web, "ports": [{"target": 80, "published": "80"}]},
        "app": {"image": "python:3.6"},
    }
    for name, fields in overrides.items():
        services[name] = {**services.get(name, {}), **fields}
    return cast(ComposeProject, Project(services))


def page(tmp_path: Path, fields: tuple[str, str]) -> Path:
    (tmp_path / "index.html").write_text(
        f'<form action="http://localhost/api" method="POST"><input name="{fields[0]}">'
        f"<textarea name='{fields[1]}'></textarea></form>",
        encoding="utf-8",
    )
    return tmp_path


SENT = {"assunto": "dockgrade-1", "mensagem": "oi"}


def test_the_course_form_gets_the_course_fields(tmp_path: Path) -> None:
    """assunto/mensagem stay as they are."""
    assert form_data(email_project(page(tmp_path, ("assunto", "mensagem"))), SENT) == SENT


def test_a_translated_form_gets_its_own_fields(tmp_path: Path) -> None:
    """A form translated to subject/message receives the same values under its own names."""
    project = email_project(page(tmp_path, ("subject", "message")))
    assert form_data(project, SENT) == {"subject": "dockgrade-1", "message": "oi"}


def test_without_a_page_the_course_fields_are_sent(tmp_path: Path) -> None:
    """No bind-mounted page (or half a translation): the course's names, and the checks judge the answer."""
    assert form_data(email_project(), SENT) == SENT
    assert form_data(email_project(page(tmp_path, ("subject", "mensagem"))), SENT) == SENT


@pytest.mark.parametrize(
    ("ports", "expected"),
    [
        ([{"target": 80}], 80),
        ([{"target": 82}], 82),
        ([{"target": 8080}], 80),
        ([{"target": 443}, {"target": 80}], 80),
        ([], 80),
    ],
)
def test_web_port_is_where_nginx_listens(ports: list[dict[str, int]], expected: int) -> None:
    """``80:80``, ``3000:80`` and ``8008:80`` reach port 80; ``82:82`` with nginx listening on 82 reaches 82;
    ``8080:8080`` with nginx on 80 (and 82) is the student's mistake: port 80 is asked for, and is not published."""
    project = email_project(frontend={"image": "nginx", "ports": ports})
    assert Service(project, "frontend").web_port() == expected


def test_app_port_published_or_behind_the_proxy() -> None:
    """Step 4's app publishes its port; behind the proxy the port is where nginx sends /api (4200 here)."""
    assert app_port(email_project(app={"ports": [{"target": 8080}]})) == 8080
    assert app_port(email_project(app={"ports": [{"target": 5000}]})) == 5000
    assert app_port(email_project()) == 4200
    course = cast(Project, email_project())
    course.config = "location /api { proxy_pass http://app:8080/; }"
    assert app_port(cast(ComposeProject, course)) == 8080
    elsewhere = cast(Project, email_project())
    elsewhere.config = "location /api { proxy_pass http://outro:9000/; }"
    assert app_port(cast(ComposeProject, elsewhere)) == 8080


def test_listening_on_a_port() -> None:
    """Bottle's line for one of the ports (the course's 8080, the proxy's target), not another one."""
    assert listening_on(4200)("Listening on http://0.0.0.0:4200/")
    assert not listening_on(4200)("Listening on http://0.0.0.0:8080/")
    assert listening_on(8080, 8000)("Listening on http://0.0.0.0:8080/")


def test_rows_are_counted_in_any_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unique subject is looked for in the whole row: the assunto column, or subject when translated."""
    asked: list[tuple[str, str]] = []

    def psql(_db: Service, sql: str, database: str = "postgres") -> tuple[int, str]:
        asked.append((sql, database))
        return 0, "1\n"

    monkeypatch.setattr(course, "psql", psql)
    assert rows_with(Service(email_project(), "db"), "dockgrade-1") == "1"
    assert asked == [
        ("select count(*) from emails where row_to_json(emails)::text like '%dockgrade-1%'", "email_sender")
    ]


def test_a_404_from_the_proxy_waits_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The course's nginx turns a 502 into a 404 (its error_page is missing from the student's page folder): while
    the app starts, that 404 is waited out; once the app has said it listens for a grace, the 404 is the answer."""
    monkeypatch.setattr(service_http.ListeningWatch, "GRACE_S", 0.3)
    answers = Answers(404)
    monkeypatch.setattr(service_http.bounded_http, "post", answers)
    starting = Replica(["Collecting bottle", "Collecting redis", "Listening on http://0.0.0.0:8080/"])
    project = cast(ComposeProject, Services(frontend=[Replica(["nginx"])], app=[starting]))
    app, frontend = Service(project, "app"), Service(project, "frontend")
    response = frontend.post("/api", {"a": "b"}, port=80, timeout=60, upstream=app, listening=listening_on(8080))
    assert response.status_code == 404
    assert answers.calls > 2
    assert starting.reads >= 3
