"""Service handles with no engine: waiting on a service's logs; a request through a proxy that stops waiting
as soon as the answer can no longer come (the app crashed, or says it listens yet stays unreachable)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest
import requests
from docker.errors import APIError

from dockgrade.compose.project import ComposeProject
from dockgrade.core.errors import CheckFailed, Missing, NotRunnableOffline
from dockgrade.core.sockets import Listener
from dockgrade.handles import Service, service_http
from dockgrade.handles.port_watch import PortWatch
from dockgrade.handles.service_http import ListeningWatch
from dockgrade.offline.recipes import LABEL_STANDIN

LISTENING = "Listening on http://0.0.0.0:8080/"


def app_listening(log: str) -> bool:
    """The e-mail project's app (Bottle) says it listens on 8080: "Listening on http://0.0.0.0:8080/"."""
    return "8080" in log and "istening" in log


class Replica:
    """A service's container whose log grows by one line per read."""

    def __init__(self, lines: list[str], status: str = "running") -> None:
        self.lines, self.reads, self.status = lines, 0, status
        self.attrs = {"State": {"ExitCode": 1 if status == "exited" else 0}}

    def logs(self) -> bytes:
        self.reads += 1
        return "\n".join(self.lines[: self.reads]).encode()

    def reload(self) -> None:
        pass


class Project:
    """The one call ``Service.logs`` makes of a compose project."""

    def __init__(self, *replicas: Replica) -> None:
        self.replicas = list(replicas)

    def containers(self, service: str) -> list[Replica]:
        return self.replicas


def listening(*replicas: Replica, timeout: float | None = 10) -> bool:
    project = cast(ComposeProject, Project(*replicas))
    logs = Service(project, "app").logs(until=lambda texts: any(map(app_listening, texts)), timeout=timeout)
    return any(map(app_listening, logs))


def test_a_line_written_late_is_waited_for() -> None:
    """The app prints its listening line after installing its packages: the check waits for it."""
    app = Replica(["pip install bottle", "Successfully installed bottle", LISTENING])
    assert listening(app)
    assert app.reads == 3


def test_an_app_that_exited_ends_the_wait_at_once() -> None:
    """A crashed app will print nothing more: no need to wait out the limit."""
    app = Replica(["ModuleNotFoundError: No module named 'bottle'"], status="exited")
    assert not listening(app, timeout=30)
    assert app.reads == 1


def test_one_replica_showing_it_is_enough() -> None:
    """With --scale, the line in any replica's log counts."""
    assert listening(Replica(["starting"], status="exited"), Replica([LISTENING]))


def test_the_wait_limit_bounds_a_silent_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Still running yet never listening: False once the wait_seconds limit passes."""
    monkeypatch.setenv("DOCKGRADE_LIMIT_WAIT_SECONDS", "0.5")
    app = Replica(["starting"])
    assert not listening(app, timeout=None)
    assert app.reads > 1


class Services:
    """A compose project of named services, each a list of replicas, on one published port."""

    def __init__(self, **services: list[Replica]) -> None:
        self.services = services

    def containers(self, service: str) -> list[Replica]:
        return self.services[service]

    def host_port(self, service: str, target: int) -> int:
        return 18080


class Answers:
    """``bounded_http.post`` answering with ``status`` (an exception class: the connection fails); counts the calls."""

    def __init__(self, status: int | type[Exception]) -> None:
        self.status, self.calls = status, 0

    def __call__(self, url: str, **_: object) -> requests.Response:
        self.calls += 1
        if isinstance(self.status, type):
            raise self.status("connection refused")
        response = requests.Response()
        response.status_code = self.status
        return response


@pytest.fixture
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ListeningWatch, "GRACE_S", 0.3)


def post(monkeypatch: pytest.MonkeyPatch, status: int | type[Exception], **services: list[Replica]) -> Answers:
    """POST through the frontend (upstream app when the project has one) and return the answers' counter."""
    answers = Answers(status)
    monkeypatch.setattr(service_http.bounded_http, "post", answers)
    project = cast(ComposeProject, Services(**services))
    upstream = Service(project, "app") if "app" in services and "frontend" in services else None
    service = Service(project, "frontend" if "frontend" in services else "app")
    service.post("/api", {"a": "b"}, port=80, timeout=60, upstream=upstream, listening=app_listening)
    return answers


def test_a_502_from_a_proxy_whose_app_exited_fails_at_once_with_the_apps_last_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app crashed at start (wrong DSN): the student reads its error now instead of a 502 after 90 s."""
    crashed = Replica(['psycopg2.OperationalError: FATAL:  database "emails" does not exist'], status="exited")
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, 502, frontend=[Replica(["nginx"])], app=[crashed])
    assert 'database "emails" does not exist' in failure.value.message
    assert "app" in failure.value.message


def test_a_proxy_hanging_on_a_gone_app_fails_at_once_with_the_apps_last_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exited app's address stops answering, so nginx hangs past our client timeout instead of a 502."""
    crashed = Replica(["fe_sendauth: no password supplied"], status="exited")
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, requests.ReadTimeout, frontend=[Replica(["nginx"])], app=[crashed])
    assert "no password supplied" in failure.value.message


def test_a_502_while_the_app_says_it_listens_fails_after_the_grace(
    monkeypatch: pytest.MonkeyPatch, short_grace: None
) -> None:
    """App up on 8080, proxy_pass to 8000: a 502 that outlives the grace is the proxy's configuration."""
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, 502, frontend=[Replica(["nginx"])], app=[Replica([LISTENING])])
    assert "502" in failure.value.message


def test_silence_after_listening_fails_after_the_grace_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, short_grace: None
) -> None:
    """Listening on localhost inside the container: the student learns it in seconds, told where to listen."""
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, requests.ConnectionError, app=[Replica(["Listening on http://localhost:8080/"])])
    assert "localhost:8080" in failure.value.message
    assert "0.0.0.0" in (failure.value.hint or "")


def test_an_app_still_starting_gets_the_whole_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """pip still installing: no listening line yet, so the grace never starts and the wait is the timeout's."""
    clock = iter(range(0, 1000, 5))
    watch = ListeningWatch(
        Service(cast(ComposeProject, Services(app=[Replica(["Collecting bottle"] * 50)])), "app"),
        app_listening,
        clock=lambda: float(next(clock)),
    )
    assert not any(watch.grace_over() for _ in range(100))
    assert watch.heard_at is None


def test_the_proxys_404_for_a_crashed_app_gives_the_apps_last_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """nginx's error_page turns the 502 into a 404 (no 50x.html in the student's root): still the app's fault."""
    crashed = Replica(['  File "sender.py", line 9', "SyntaxError: invalid syntax"], status="exited")
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, 404, frontend=[Replica(["nginx"])], app=[crashed])
    assert "SyntaxError" in failure.value.message
    assert "404" not in failure.value.message


def test_a_proxy_error_page_is_waited_out_until_the_grace_after_listening(
    monkeypatch: pytest.MonkeyPatch, short_grace: None
) -> None:
    """pip still installing, or Bottle saying it listens just before it binds: the proxy's 404 is not the answer
    yet; a 404 that outlives the grace is (the app's own, e.g. a proxy_pass without the trailing slash)."""
    answers = post(monkeypatch, 404, frontend=[Replica(["nginx"])], app=[Replica(["Collecting bottle", LISTENING])])
    assert answers.calls > 2


def _died_installing(labels: dict[str, str]) -> Replica:
    died = Replica(
        [
            "Building wheel for gevent (setup.py): finished with status 'error'",
            "ERROR: Failed building wheel for gevent",
            "ERROR: Could not build wheels for gevent",
        ],
        status="exited",
    )
    died.attrs["Config"] = {"Labels": labels, "Image": "python:3.6"}
    died.reads = len(died.lines)  # it has exited: its whole log is there
    return died


def test_an_app_that_died_installing_on_a_standin_is_not_runnable_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-in's Python could not build what the official image would: never charged, its words kept."""
    with pytest.raises(NotRunnableOffline) as error:
        post(monkeypatch, 502, frontend=[Replica(["nginx"])], app=[_died_installing({LABEL_STANDIN: "python"})])
    assert "Could not build wheels for gevent" in str(error.value)
    assert error.value.image == "python:3.6"


def test_the_same_death_on_an_official_image_is_the_students(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the official image nothing of ours is involved: the student's pin fails the check."""
    with pytest.raises(CheckFailed) as failure:
        post(monkeypatch, 502, frontend=[Replica(["nginx"])], app=[_died_installing({})])
    assert "Could not build wheels for gevent" in failure.value.message


def test_an_apps_500_behind_the_proxy_is_the_answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app wrote the row and then failed (no queue): posting again would write more rows."""
    answers = post(monkeypatch, 500, frontend=[Replica(["nginx"])], app=[Replica(["Collecting bottle"])])
    assert answers.calls == 1


def test_an_answer_from_a_service_that_exits_right_after_does_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """``command: nginx`` daemonises: nginx answers once, then its container's PID 1 is gone for good."""
    frontend = Replica(["nginx: daemonising"])
    answers = Answers(200)

    def answer_then_exit(url: str, **options: object) -> requests.Response:
        response = answers(url, **options)
        frontend.status = "exited"
        return response

    monkeypatch.setattr(service_http.bounded_http, "post", answer_then_exit)
    service = Service(cast(ComposeProject, Services(frontend=[frontend])), "frontend")
    with pytest.raises(CheckFailed) as failure:
        service.post("/api", {"a": "b"}, port=80, timeout=60)
    assert "frontend" in failure.value.message


class ExitsBeforeItsPortIsRead(Services):
    """The app dies between the check's first look and its port's: behind the egress no relay is started for it."""

    def host_port(self, service: str, target: int) -> int:
        for replica in self.services[service]:
            replica.status = "exited"
        raise Missing(f"o serviço {service} não publica a porta {target}", str(target), service)


def test_an_app_that_exits_before_its_port_is_read_gives_its_last_words_not_a_missing_port() -> None:
    app = Replica(["Error: Cannot find module 'express'"])
    service = Service(cast(ComposeProject, ExitsBeforeItsPortIsRead(app=[app])), "app")
    with pytest.raises(CheckFailed, match="Cannot find module"):
        service.post("/api", {"a": "b"}, port=3000, timeout=60)
    with pytest.raises(CheckFailed, match="Cannot find module"):
        service.request("GET", "/", 3000)


class Listening:
    """A service whose sockets are ``found`` (None: they cannot be read)."""

    def __init__(self, found: set[Listener] | None) -> None:
        self.found, self.reads = found, 0

    def listeners(self) -> set[Listener] | None:
        self.reads += 1
        return self.found


def judged(found: set[Listener] | None, silent: bool, seconds: int = 60) -> tuple[CheckFailed | None, int]:
    """Attempts every second for ``seconds``: the failure the port watch gives (None) and when."""
    now = [0.0]
    watch = PortWatch(Listening(found).listeners, 3000, "/clients", who="backend", clock=lambda: now[0])
    for second in range(seconds):
        now[0] = float(second)
        try:
            watch.judge(silent)
        except CheckFailed as failure:
            return failure, second
    return None, seconds


def test_a_server_on_another_port_fails_after_the_grace_naming_both_ports() -> None:
    """app.js listens on 3001, compose publishes 3000: said in ~10 s instead of after the 150 s deadline."""
    failure, second = judged({Listener(3001, False), Listener(9229, True)}, silent=False)
    assert failure is not None
    assert 10 < second <= 13
    assert "3001" in failure.message
    assert "3000" in failure.message
    assert "/clients" in failure.message
    assert "9229" not in failure.message  # the loopback-only debugger is not where compose could lead
    assert "HOST:CONTAINER" in (failure.hint or "")


def test_a_server_on_the_containers_loopback_only_is_told_to_listen_on_all_interfaces() -> None:
    failure, _second = judged({Listener(3000, True)}, silent=False)
    assert failure is not None
    assert "localhost" in failure.message
    assert "0.0.0.0" in (failure.hint or "")


def test_a_server_that_accepts_and_never_answers_fails_after_the_longer_grace() -> None:
    """mongoose holding every query for a database at localhost: the port is bound, the request left unanswered."""
    failure, second = judged({Listener(3000, False)}, silent=True)
    assert failure is not None
    assert 20 < second <= 23
    assert "aceita conexões" in failure.message or "accepts connections" in failure.message
    assert "localhost" in (failure.hint or "")


def test_a_server_still_starting_or_unreadable_is_left_to_the_deadline() -> None:
    """npm i still running (nothing listens), an image without cat, a bound port that refuses: no verdict."""
    assert judged(set(), silent=False)[0] is None
    assert judged(None, silent=True)[0] is None
    assert judged({Listener(3000, False)}, silent=False)[0] is None


def test_the_sockets_are_read_at_most_every_two_seconds() -> None:
    now = [0.0]
    service = Listening(set())
    watch = PortWatch(service.listeners, 3000, "/", who="backend", clock=lambda: now[0])
    for tenth in range(100):
        now[0] = tenth / 10
        watch.judge(silent=False)
    assert service.reads == 5


def test_a_services_sockets_are_read_from_the_kernels_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """cat of /proc/net/tcp and tcp6 in each replica; a replica that cannot be read is skipped, none read is None."""
    table = "  sl  local_address rem_address   st\n   0: 00000000:0BB8 00000000:0000 0A 0 0\n"
    answers = iter([(0, table), APIError("gone")])

    def run(*_args: object, **_kwargs: object) -> tuple[int, str]:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr("dockgrade.handles.service.grader_exec.run", run)
    project = SimpleNamespace(containers=lambda _name: [object(), object()], sandbox=SimpleNamespace(limits=None))
    assert Service(cast(ComposeProject, project), "backend").listeners() == {Listener(3000, False)}
    unreadable = SimpleNamespace(containers=lambda _name: [object()], sandbox=SimpleNamespace(limits=None))
    monkeypatch.setattr("dockgrade.handles.service.grader_exec.run", lambda *_a, **_k: (127, "cat: not found"))
    assert Service(cast(ComposeProject, unreadable), "backend").listeners() is None
