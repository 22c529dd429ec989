"""Questions graders ask a running compose project: HTTP, psql, redis, logs, name resolution."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from docker.errors import APIError

from dockgrade import bounded_http, endpoints, grader_exec, messages, pins
from dockgrade.compose_project import ComposeProject
from dockgrade.errors import CheckFailed, GraderTimeout, Missing, NotRunnableOffline
from dockgrade.limits import wait_seconds
from dockgrade.recipes import LABEL_STANDIN
from dockgrade.waiting import wait_until


def require_service(project: ComposeProject, name: str | None, role: str, hint: str | None = None) -> str:
    """The service's name, or fail the check naming the role that is missing."""
    __tracebackhide__ = True
    if not name or not project.containers(name):
        raise Missing(messages.text("compose.no_service", role=role), role, "docker-compose.yml", hint)
    return name


def run_in(project: ComposeProject, service: str, words: list[str], replica: int = 0) -> tuple[int, str]:
    """The grader's own command inside a service's container (never student input)."""
    containers = project.containers(service)
    if replica >= len(containers):
        raise Missing(messages.text("compose.no_service", role=service), service, "docker-compose.yml")
    container = containers[replica]
    container.reload()
    if container.status != "running":
        raise _exited(container, service)
    try:
        return grader_exec.run(container, words, limits=project.sandbox.limits)
    except APIError as error:  # it exited between the look and the exec (nginx dying on a bad upstream)
        container.reload()
        if container.status == "running":
            raise
        raise _exited(container, service) from error


def wait_postgres(project: ComposeProject, service: str, timeout: float = 60.0) -> None:
    """Until the final server accepts TCP (the entrypoint's init server listens on the socket only)."""
    try:
        wait_until(
            lambda: run_in(project, service, ["pg_isready", "-h", "127.0.0.1", "-q"])[0] == 0 or None,
            timeout,
            give_up_on=_GIVE_UP,  # the database exited (a broken init script): no point waiting
        )
    except GraderTimeout as error:
        raise CheckFailed(
            messages.text("compose.db_not_ready", seconds=timeout, logs=logs_tail(project, service))
        ) from error


def psql(project: ComposeProject, service: str, sql: str, database: str = "postgres") -> tuple[int, str]:
    """Run SQL as the service's superuser over the local socket."""
    user = environment(project, service).get("POSTGRES_USER", "postgres")
    return run_in(project, service, ["psql", "-U", user, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])


def environment(project: ComposeProject, service: str) -> dict[str, str]:
    """The service's environment as the merged config declares it."""
    declared: Any = project.services().get(service, {}).get("environment") or {}
    if isinstance(declared, list):
        return dict(item.split("=", 1) for item in declared if "=" in item)
    return {key: str(value) for key, value in declared.items()}


def http(
    project: ComposeProject,
    service: str,
    target: int,
    path: str = "/",
    data: dict[str, str] | None = None,
    timeout: float = 90.0,
    upstream: str | None = None,
    listening: Callable[[str], bool] | None = None,
) -> requests.Response:
    """GET (or POST ``data``) on a service's published port, as soon as something other than a 502 answers.

    ``upstream`` is the service a proxy (``service``) forwards to: once it has exited, a 502 will not heal, so
    the check fails at once with its last words. ``listening`` recognises the log line of the service doing the
    work (``upstream``, else ``service``) saying it listens: from then on, silence or a 502 is the student's
    mistake (a server on localhost inside its container, a proxy_pass to the wrong port), not a slow start, and
    the check fails after a short grace instead of the whole ``timeout``. A 404 behind a proxy is waited out the
    same way (nginx turns a 502 into its ``error_page``, a 404 when the student's web root has no 50x.html;
    Bottle says it listens a moment before it binds) and returned after that grace: by then it is the app's own
    (a proxy_pass without the trailing slash). Other answers return at once: a 500 may come after the app
    already wrote a row, so the request must not be sent again.
    """
    _fail_if_exited(project, service)
    url = endpoints.url(project.host_port(service, target), path)
    gateway: list[int] = []
    early: list[requests.Response] = []
    heard = _ListeningWatch(project, upstream or service, listening)

    def attempt() -> requests.Response | None:
        try:
            response = bounded_http.post(url, data=data) if data is not None else bounded_http.get(url)
        except requests.RequestException:
            # A proxy whose app is gone can also hang (its address no longer answers ARP) instead of a 502.
            for involved in filter(None, (service, upstream)):
                _fail_if_exited(project, involved)
            if upstream is None and heard.grace_over():
                raise _deaf(project, service) from None
            return None
        if response.status_code in (502, 503, 504):
            gateway.append(response.status_code)  # the proxy answers, what is behind it does not (yet)
            if upstream is not None:
                _fail_if_exited(project, upstream)
            if heard.grace_over():
                raise CheckFailed(messages.text("compose.bad_gateway", path=path, status=response.status_code))
            return None
        if upstream is not None and response.status_code == 404 and not heard.grace_over():
            _fail_if_exited(project, upstream)
            early.append(response)
            return None
        return response

    try:
        return wait_until(attempt, timeout, pause=0.2, what=url, give_up_on=_GIVE_UP)
    except GraderTimeout as error:
        if early:
            return early[-1]
        if gateway:
            raise CheckFailed(messages.text("compose.bad_gateway", path=path, status=gateway[-1])) from error
        raise CheckFailed(messages.text("timeout.http", url=path, seconds=timeout)) from error


def post_api(project: ComposeProject, fields: dict[str, str]) -> requests.Response:
    """POST the form's fields to /api through the frontend's proxy, as the page does, watching the app behind it.

    ``fields`` uses the course's names (assunto, mensagem); they are sent under the names the student's form uses.
    """
    frontend, app = service_for(project, "frontend"), service_for(project, "app")
    listening = listening_on(COURSE_APP_PORT, app_port(project))
    port = web_port(project, frontend)
    return http(project, frontend, port, "/api", data=form_data(project, fields), upstream=app, listening=listening)


def app_listening(log: str) -> bool:
    """The e-mail project's app (Bottle) says it listens on 8080: "Listening on http://0.0.0.0:8080/"."""
    return "8080" in log and "istening" in log


def listening_on(*ports: int) -> Callable[[str], bool]:
    """Recognises the app saying it listens on one of ``ports`` (Bottle: "Listening on http://0.0.0.0:<port>/")."""
    return lambda log: "istening" in log and any(str(port) in log for port in ports)


# The e-mail project as students write it: a translated form, other ports. Read from the student's own files.
_FIELDS = {"assunto": "subject", "mensagem": "message"}
_FORM_NAME = re.compile(r"""name\s*=\s*["']?(assunto|mensagem|subject|message)\b""", re.IGNORECASE)
_PROXY_PASS = re.compile(r"proxy_pass\s+https?://([\w.-]+):(\d+)")
_HTML_ROOT = "/usr/share/nginx/html"
_LISTEN = re.compile(r"^\s*listen\s+(?:[\w.\[\]:]*:)?(\d+)", re.MULTILINE)


def form_data(project: ComposeProject, fields: dict[str, str]) -> dict[str, str]:
    """``fields`` (course names) under the names the student's form sends: a project translated to English
    (subject/message) is a variant, and its app must read what its own form sends."""
    english = {name.lower() for name in _FORM_NAME.findall(_form_page(project))} >= set(_FIELDS.values())
    return {(_FIELDS.get(name, name) if english else name): value for name, value in fields.items()}


def _form_page(project: ComposeProject) -> str:
    """The student's index.html as the frontend serves it from its bind mount ("" when there is none)."""
    frontend = project.find_service(name="frontend", image="nginx")
    for mount in (project.services().get(frontend or "", {}).get("volumes") or []) if frontend else []:
        page = Path(str(mount.get("source", ""))) / "index.html"
        if mount.get("type") == "bind" and str(mount.get("target", "")).rstrip("/") == _HTML_ROOT and page.is_file():
            return page.read_text(encoding="utf-8", errors="replace")[:200_000]
    return ""


def rows_with(project: ComposeProject, db: str, subject: str) -> str:
    """How many rows of email_sender.emails hold ``subject`` (in any column: assunto, or subject when translated)."""
    sql = f"select count(*) from emails where row_to_json(emails)::text like '%{subject}%'"
    return psql(project, db, sql, database="email_sender")[1].strip()


def web_port(project: ComposeProject, service: str, default: int = 80) -> int:
    """The container port a web service serves on: ``default``, or the one it publishes when nginx really listens
    there (``82:82`` with ``listen 82``: a variant; ``8080:8080`` with nginx on 80 stays the student's mistake)."""
    targets = [int(port["target"]) for port in project.services().get(service, {}).get("ports") or []]
    if default in targets or not targets:
        return default
    try:
        listening = {int(port) for port in _LISTEN.findall(nginx_config(project, service))}
    except CheckFailed:
        return default
    return next((target for target in targets if target in listening), default)


COURSE_APP_PORT = 8080


def nginx_config(project: ComposeProject, frontend: str) -> str:
    """nginx's whole configuration (``nginx -T``), or its files when nginx cannot test it: ``nginx -T`` resolves
    the upstream names, and the name of an app that has exited no longer resolves."""
    code, output = run_in(project, frontend, ["nginx", "-T"])
    if code == 0:
        return output
    files = ["sh", "-c", "cat /etc/nginx/nginx.conf /etc/nginx/conf.d/*.conf"]
    return output + "\n" + run_in(project, frontend, files)[1]


def app_port(project: ComposeProject, default: int = COURSE_APP_PORT) -> int:
    """The port the e-mail app listens on: the one it publishes (step 4), else the one nginx proxies /api to."""
    app = service_for(project, "app")
    targets = [int(port["target"]) for port in project.services().get(app, {}).get("ports") or []]
    if targets:
        return default if default in targets else targets[0]
    frontend = project.find_service(name="frontend", image="nginx")
    if frontend is None or not project.containers(frontend):
        return default
    try:
        config = nginx_config(project, frontend)
    except CheckFailed:
        return default
    ports = [int(port) for host, port in _PROXY_PASS.findall(config) if host == app]
    return ports[0] if ports else default


class _ListeningWatch:
    """Tells when a service said, longer than a grace ago, that it listens (a server up and still unreachable)."""

    GRACE_S = 10.0

    def __init__(
        self,
        project: ComposeProject,
        service: str,
        listening: Callable[[str], bool] | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.project, self.service, self.listening, self.clock = project, service, listening, clock
        self.heard_at: float | None = None

    def grace_over(self) -> bool:
        if self.listening is None:
            return False
        if self.heard_at is None:
            if any(self.listening(text) for text in logs(self.project, self.service)):
                self.heard_at = self.clock()
            return False
        return self.clock() - self.heard_at > self.GRACE_S


def _deaf(project: ComposeProject, service: str) -> CheckFailed:
    tail = logs_tail(project, service, lines=2)
    seconds = _ListeningWatch.GRACE_S
    return CheckFailed(
        messages.text("compose.deaf", service=service, seconds=seconds, tail=tail), messages.text("compose.deaf_hint")
    )


def logs(project: ComposeProject, service: str) -> list[str]:
    """Each replica's logs, in replica order."""
    return [container.logs().decode("utf-8", "replace") for container in project.containers(service)]


def logs_showing(
    project: ComposeProject, service: str, seen: Callable[[str], bool], timeout: float | None = None
) -> bool:
    """True once some replica's logs satisfy ``seen``; False when the ``wait_seconds`` limit (by default) passes or
    every replica has exited without it (nothing more will be written: no need to wait out the limit)."""

    def outcome() -> str | None:
        # The state first: logs read after an exit was seen hold everything the replica ever wrote.
        exited = all(container.status == "exited" for container in _reloaded(project, service))
        if any(seen(text) for text in logs(project, service)):
            return "seen"
        return "exited" if exited else None

    return bool(wait_for(outcome, wait_seconds(timeout), f"{service} logs") == "seen")


def logs_tail(project: ComposeProject, service: str, lines: int = 5) -> str:
    """The last log lines of a service's first container, joined for a message."""
    found = logs(project, service)
    return " ⏎ ".join(found[0].strip().splitlines()[-lines:]) if found else "-"


def resolves(project: ComposeProject, service: str, host: str) -> bool:
    """True when ``host`` resolves from inside ``service`` (its DNS sees it on a shared network)."""
    code, _ = run_in(project, service, ["getent", "hosts", host])
    return code == 0


def require_up(project: ComposeProject) -> None:
    """Fail the check with compose's own last lines when ``up`` failed."""
    __tracebackhide__ = True
    started = project.started
    # Only compose's own verdict: a service crashing a moment later would make this a race; the checks
    # that need that service say it is not running, with its own last words.
    if started is None or started.exit_code != 0:
        tail = started.tail if started else "-"
        hint = messages.text("compose.pull_hint") if "Pulling" in tail or "pull access denied" in tail else None
        raise CheckFailed(messages.text("compose.up_failed", tail=tail), hint)


# The course's worker sleeps 15-45 s after each message: on a final project every step shares, the messages of
# earlier steps may hold each replica that long before one takes the next.
_WORKER_BUSY_S = 45.0


def worker_seconds(project: ComposeProject, seconds: float) -> float:
    """How long to wait for the worker to take a message: ``seconds``, plus one course sleep on a shared project."""
    return seconds + _WORKER_BUSY_S if project.shared else seconds


def wait_for(probe: Any, timeout: float, what: str) -> Any:
    """Poll ``probe`` until it returns something; None when the time runs out (the check decides)."""
    try:
        return wait_until(probe, timeout, pause=0.2, what=what)
    except GraderTimeout:
        return None


# The email project's roles: the course's service name first, else what the service does.
_ROLES: dict[str, dict[str, Any]] = {
    "db": {"image": "postgres"},
    "frontend": {"image": "nginx", "port": 80},
    "app": {"image": "python", "port": 8080},
    "queue": {"image": "redis"},
    "worker": {"builds": True},
}


def service_for(project: ComposeProject, role: str) -> str:
    """The service playing ``role`` (db, frontend, app, queue, worker), or fail naming the role."""
    __tracebackhide__ = True
    clues = _ROLES[role]
    name = project.find_service(name=role)
    for key, value in clues.items():
        name = name or project.find_service(**{key: value})
    return require_service(project, name, messages.text(f"s9.role.{role}"))


def unique_subject() -> str:
    """A subject no earlier POST used, so rows and log lines are unambiguous."""
    return f"dockgrade-{uuid.uuid4().hex[:8]}"


def stores_rows(project: ComposeProject, timeout: float = 90.0) -> bool:
    """True when a POST through the proxy ends as a row in ``email_sender.emails``.

    Used to prove a configuration matters: it gives up early when the app container exits
    (a wrong DB_NAME makes the course's app crash at start).
    """
    db, frontend, app = service_for(project, "db"), service_for(project, "frontend"), service_for(project, "app")
    subject = unique_subject()

    def attempt() -> str | None:
        if all(container.status == "exited" for container in _reloaded(project, app)):
            return "app exited"
        try:
            url = endpoints.url(project.host_port(frontend, web_port(project, frontend)), "/api")
            data = form_data(project, {"assunto": subject, "mensagem": "x"})
            response = bounded_http.post(url, data)
        except (requests.RequestException, IndexError, KeyError):
            return None
        # 404: the proxy's error_page for a 502 while the app starts (see http); a missing /api never
        # gets here, the check that proved the configuration works went through /api.
        return None if response.status_code in (404, 502, 503, 504) else str(response.status_code)

    if wait_for(attempt, timeout, "POST /api") != "200":
        return False
    wait_postgres(project, db)
    return rows_with(project, db, subject) == "1"


def _reloaded(project: ComposeProject, service: str) -> list[Any]:
    containers = project.containers(service)
    for container in containers:
        container.reload()
    return containers


def require_available(project: ComposeProject, service: str) -> None:
    """A grader error (never charged) when the check needs a service whose image is unavailable here."""
    if service in project.unavailable:
        image = project.unavailable[service]
        raise NotRunnableOffline(messages.text("compose.not_runnable_offline", service=service, image=image), image)


# Ending a wait at once: the service is gone, for the student's reason or (offline) for ours.
_GIVE_UP = (CheckFailed, NotRunnableOffline)


def _exited(container: Any, service: str) -> CheckFailed | NotRunnableOffline:
    """The error for a service that exited, with its own last words.

    Not the student's when it ran on a stand-in and died installing a dependency that the stand-in's Python
    cannot build (the official image would have): then the check is "not runnable offline".
    """
    code = (container.attrs.get("State") or {}).get("ExitCode", "?")
    log = container.logs().decode("utf-8", "replace")
    lines = log.strip().splitlines()
    errors = [line for line in lines if "ERROR" in line or "error" in line.lower()] or lines
    words = " ⏎ ".join(errors[-4:]) or "-"
    labels = (container.attrs.get("Config") or {}).get("Labels") or {}
    if LABEL_STANDIN in labels and pins.failed_offline(log):
        image = str((container.attrs.get("Config") or {}).get("Image", "?"))
        return NotRunnableOffline(messages.text("compose.offline_dependency", service=service, logs=words), image)
    return CheckFailed(messages.text("compose.not_running", service=service, code=code, logs=words))


def _fail_if_exited(project: ComposeProject, service: str) -> None:
    """A service whose container exited will never answer: end the check now, with its own last words."""
    for container in _reloaded(project, service):
        if container.status == "exited":
            raise _exited(container, service)
