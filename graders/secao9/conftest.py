"""Section 9's course data beside its graders: the e-mail project's roles, form, table and worker, as fixtures.

The functions take the compose project, so a check can ask them of a second project it brings up (a wrong
``DB_NAME``, the base file alone); the fixtures bind them to the module's ``project``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from dockgrade import CheckFailed, ComposeProject, Service, say, wait_for

# The e-mail project's roles: the course's service name first, else what the service does.
ROLES: dict[str, dict[str, Any]] = {
    "db": {"image": "postgres"},
    "frontend": {"image": "nginx", "port": 80},
    "app": {"image": "python", "port": 8080},
    "queue": {"image": "redis"},
    "worker": {"builds": True},
}
COURSE_APP_PORT = 8080
# The course's worker sleeps 15-45 s after each message: on a final project every step shares, the messages of
# earlier steps may hold each replica that long before one takes the next.
WORKER_BUSY_S = 45.0
DB_READY_S = 60.0

# The e-mail project as students write it: a translated form, other ports. Read from the student's own files.
_FIELDS = {"assunto": "subject", "mensagem": "message"}
_FORM_NAME = re.compile(r"""name\s*=\s*["']?(assunto|mensagem|subject|message)\b""", re.IGNORECASE)
_PROXY_PASS = re.compile(r"proxy_pass\s+https?://([\w.-]+):(\d+)")
_HTML_ROOT = "/usr/share/nginx/html"


def role(project: ComposeProject, name: str) -> Service:
    """The service playing ``name`` (db, frontend, app, queue, worker), or fail naming the role."""
    __tracebackhide__ = True
    return Service.find(project, say(f"s9.role.{name}"), name=name, **ROLES[name])


def unique_subject() -> str:
    """A subject no earlier POST used, so rows and log lines are unambiguous."""
    return f"dockgrade-{uuid.uuid4().hex[:8]}"


def wait_postgres(db: Service, timeout: float = DB_READY_S) -> None:
    """Until the final server accepts TCP (the entrypoint's init server listens on the socket only)."""
    # Service.wait ends at once when the database exited (a broken init script): no point waiting.
    if db.wait(lambda: db.exec(["pg_isready", "-h", "127.0.0.1", "-q"])[0] == 0 or None, timeout, "pg_isready") is None:
        raise CheckFailed(say("compose.db_not_ready", seconds=timeout, logs=db.tail()))


def psql(db: Service, sql: str, database: str = "postgres") -> tuple[int, str]:
    """Run SQL as the service's superuser over the local socket."""
    user = db.environment.get("POSTGRES_USER", "postgres")
    return db.exec(["psql", "-U", user, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])


def rows_with(db: Service, subject: str) -> str:
    """How many rows of email_sender.emails hold ``subject`` (in any column: assunto, or subject when translated)."""
    sql = f"select count(*) from emails where row_to_json(emails)::text like '%{subject}%'"
    return psql(db, sql, database="email_sender")[1].strip()


def listening_on(*ports: int) -> Callable[[str], bool]:
    """Recognises the app saying it listens on one of ``ports`` (Bottle: "Listening on http://0.0.0.0:<port>/")."""
    return lambda log: "istening" in log and any(str(port) in log for port in ports)


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


def app_port(project: ComposeProject, default: int = COURSE_APP_PORT) -> int:
    """The port the e-mail app listens on: the one it publishes (step 4), else the one nginx proxies /api to."""
    app = role(project, "app")
    targets = [int(port["target"]) for port in app.config.get("ports") or []]
    if targets:
        return default if default in targets else targets[0]
    frontend = project.find_service(name="frontend", image="nginx")
    if frontend is None or not project.containers(frontend):
        return default
    try:
        config = Service(project, frontend).nginx_config()
    except CheckFailed:
        return default
    ports = [int(port) for host, port in _PROXY_PASS.findall(config) if host == app.name]
    return ports[0] if ports else default


def post_api(project: ComposeProject, fields: dict[str, str]) -> requests.Response:
    """POST the form's fields to /api through the frontend's proxy, as the page does, watching the app behind it.

    ``fields`` uses the course's names (assunto, mensagem); they are sent under the names the student's form uses.
    """
    frontend, app = role(project, "frontend"), role(project, "app")
    listening = listening_on(COURSE_APP_PORT, app_port(project))
    port = frontend.web_port()
    return frontend.post("/api", form_data(project, fields), port=port, upstream=app, listening=listening)


def stores_rows(project: ComposeProject, timeout: float = 90.0) -> bool:
    """True when a POST through the proxy ends as a row in ``email_sender.emails``.

    Used to prove a configuration matters: it gives up early when the app container exits
    (a wrong DB_NAME makes the course's app crash at start).
    """
    db, frontend, app = role(project, "db"), role(project, "frontend"), role(project, "app")
    subject = unique_subject()

    def attempt() -> str | None:
        if all(container.status == "exited" for container in app.containers()):
            return "app exited"
        try:
            data = form_data(project, {"assunto": subject, "mensagem": "x"})
            response = frontend.request("POST", "/api", frontend.web_port(), polling=True, data=data)
        except (requests.RequestException, IndexError, KeyError):
            return None
        # 404: the proxy's error_page for a 502 while the app starts (see Service.post); a missing /api never
        # gets here, the check that proved the configuration works went through /api.
        return None if response.status_code in (404, 502, 503, 504) else str(response.status_code)

    if wait_for(attempt, timeout, "POST /api") != "200":
        return False
    wait_postgres(db)
    return rows_with(db, subject) == "1"


def worker_seconds(project: ComposeProject, seconds: float) -> float:
    """How long to wait for the worker to take a message: ``seconds``, plus one course sleep on a shared project."""
    return seconds + WORKER_BUSY_S if project.shared else seconds


@pytest.fixture
def db(project: ComposeProject) -> Service:
    """The database service (postgres)."""
    return role(project, "db")


@pytest.fixture
def frontend(project: ComposeProject) -> Service:
    """The web service (nginx) serving the form and proxying /api."""
    return role(project, "frontend")


@pytest.fixture
def app(project: ComposeProject) -> Service:
    """The app (Bottle) that stores each message and enqueues it."""
    return role(project, "app")


@pytest.fixture
def queue(project: ComposeProject) -> Service:
    """The queue (redis)."""
    return role(project, "queue")


@pytest.fixture
def worker(project: ComposeProject) -> Service:
    """The worker built from worker/Dockerfile."""
    return role(project, "worker")


@pytest.fixture
def postgres(db: Service) -> Service:
    """The database once its final server accepts connections."""
    wait_postgres(db)
    return db


@pytest.fixture
def send_message(project: ComposeProject, db: Service) -> Callable[[str], tuple[str, requests.Response]]:
    """POSTs a message with a fresh subject through the proxy once the database is ready: (subject, response)."""

    def send(message: str) -> tuple[str, requests.Response]:
        sent = unique_subject()
        wait_postgres(db)
        return sent, post_api(project, {"assunto": sent, "mensagem": message})

    return send


@pytest.fixture
def rows(db: Service) -> Callable[[str], str]:
    """How many rows of the emails table hold a subject."""
    return lambda sent: rows_with(db, sent)


@pytest.fixture(scope="session")
def mail() -> SimpleNamespace:
    """The e-mail project's course data as functions of a project, for what the fixtures above do not bind
    (``mail.app_port(project)``, ``mail.stores_rows(other_project)``)."""
    functions = (role, unique_subject, wait_postgres, psql, rows_with, listening_on, form_data, app_port, post_api)
    named = {function.__name__: function for function in (*functions, stores_rows, worker_seconds)}
    return SimpleNamespace(**named, COURSE_APP_PORT=COURSE_APP_PORT)
