"""The raw floor: the Docker operations of grading the whole course (sections 4–9), scripted directly.

Usage: python bench/floor.py [--exercises DIR] [--json PATH] [--only ID ...]

Per exercise: the same builds (each distinct image once), runs, compose ups, one wait per port, one
probe per check and the removals that dockgrade does on the reference solutions, through the SDK (compose
through its CLI: the SDK has none), with no grader around them. Section 8 runs with its MongoDB service (the
stand-in offline) and goes through the REST API, as dockgrade does since it grades those checks too. Prints and
writes ``{exercise: seconds}`` and the failures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests
import yaml
from docker.errors import APIError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine import Engine, answer, exec_in, project, until

ROOT = Path(__file__).resolve().parents[1]
PING = ["ping", "-c", "1", "-W", "2"]
Exercise = Callable[[Engine, Path], None]
COURSE: dict[str, Exercise] = {}


def exercise(exercise_id: str) -> Callable[[Exercise], Exercise]:
    def register(function: Exercise) -> Exercise:
        COURSE[exercise_id] = function
        return function

    return register


def ok(condition: object, what: str) -> None:
    if not condition:
        raise AssertionError(what)


# -- section 4: containers ------------------------------------------------------------------------------


@exercise("s4-e01-hello-world")
def hello(e: Engine, x: Path) -> None:
    ok("Hello from Docker!" in e.foreground("hello-world:latest")[2], "hello")


@exercise("s4-e02-different-tools")
def bash_version(e: Engine, x: Path) -> None:
    ok(e.foreground("debian:latest", ["bash", "--version"])[2].startswith("GNU bash"), "bash")


@exercise("s4-e03-run-always-new")
def always_new(e: Engine, x: Path) -> None:
    first = e.foreground("debian:latest", ["touch", "/curso-docker.txt"], "first")[0]
    ok(e.foreground("debian:latest", ["ls", "/curso-docker.txt"], "second")[1] != 0, "second has no file")
    ok(any(c["Path"] == "/curso-docker.txt" for c in first.diff()), "diff")


@exercise("s4-e04-unique-names")
def unique_names(e: Engine, x: Path) -> None:
    e.foreground("debian:latest", ["bash", "--version"], "mydeb")
    try:
        e.run("debian:latest", ["bash", "--version"], "mydeb")
    except APIError as error:
        ok(error.status_code == 409, "conflict")


@exercise("s4-e05-reuse-container")
def reuse(e: Engine, x: Path) -> None:
    container = e.foreground("debian:latest", ["touch", "/curso-docker.txt"], "mydeb")[0]
    for _ in range(2):
        container.start()
        container.wait(timeout=60)
        container.logs()
    e.remove(e.foreground("debian:latest", ["bash", "--version"], "rm")[0])
    ok(any(c["Path"] == "/curso-docker.txt" for c in container.diff()), "diff")


@exercise("s4-e06-port-mapping")
def port_mapping(e: Engine, x: Path) -> None:
    web = e.run("nginx:latest", short="web", ports=(80,))
    ok("Welcome to nginx" in answer(e.url(web, 80)).text, "welcome")
    until(lambda: '"GET / HTTP/1.1" 200' in web.logs().decode(), 10, "access log")


@exercise("s4-e07-volume-mapping")
def volume_mapping(e: Engine, x: Path) -> None:
    html = x / "secao4/ex-volume/html"
    web = e.run("nginx:latest", short="web", ports=(80,), volumes={str(html): {"bind": "/usr/share/nginx/html"}})
    ok(answer(e.url(web, 80)).content == (html / "index.html").read_bytes(), "own index")


@exercise("s4-e08-daemon-web-server")
def daemon(e: Engine, x: Path) -> None:
    html = x / "secao4/ex-daemon-basic/html"
    web = e.run(
        "nginx:latest", short="ex-daemon-basic", ports=(80,), volumes={str(html): {"bind": "/usr/share/nginx/html"}}
    )
    ok(answer(e.url(web, 80)).content == (html / "index.html").read_bytes(), "own index")


@exercise("s4-e09-manage-daemon")
def manage(e: Engine, x: Path) -> None:
    html = x / "secao4/gerenciar-daemon/html"
    web = e.run(
        "nginx:latest", short="ex-daemon-basic", ports=(80,), volumes={str(html): {"bind": "/usr/share/nginx/html"}}
    )
    web.restart(timeout=3)
    web.stop(timeout=3)
    web.start()
    ok(answer(e.url(web, 80)).status_code == 200, "after start")


@exercise("s4-e10-daemon-inspection")
def inspection(e: Engine, x: Path) -> None:
    web = e.run("nginx:latest", short="ex-daemon-basic", ports=(80,))
    e.client.containers.list(filters={"label": next(iter(e.labels))})
    web.logs()
    web.reload()
    ok(exec_in(web, ["uname", "-or"])[1].strip().startswith(e.client.info()["KernelVersion"]), "kernel")


# -- section 5: images ----------------------------------------------------------------------------------


@exercise("s5-e01-image-tags")
def image_tags(e: Engine, x: Path) -> None:
    redis = e.client.images.get("redis:latest")
    redis.tag(e.name("cod3r-redis"), "latest")
    ok(e.client.images.get(e.name("cod3r-redis")).id == redis.id, "same id")
    e.client.images.remove(e.name("cod3r-redis"), noprune=True)


@exercise("s5-e02-first-build")
def first_build(e: Engine, x: Path) -> None:
    image = e.build(x / "secao5/primeiro-build", "ex-simple-build")
    e.kept.add(e.client.images.get(image).id)  # s5-e06 pushes it
    web = e.run(image, short="web", ports=(80,))
    ok("<h1>" in answer(e.url(web, 80)).text, "page")
    ok(b"<h1>" in e.read_file(web, "/usr/share/nginx/html/index.html"), "page in image")


@exercise("s5-e03-build-arg")
def build_arg(e: Engine, x: Path) -> None:
    echo = ["bash", "-c", "echo $S3_BUCKET"]
    image = e.build(x / "secao5/build-com-arg", "arg")
    ok(e.foreground(image, echo, "default")[2].strip() == "files", "default")
    ok(e.client.images.get(image).labels.get("maintainer"), "label")
    ok(
        e.foreground(e.build(x / "secao5/build-com-arg", "arg-1", {"S3_BUCKET": "myapp"}), echo, "o")[2].strip()
        == "myapp",
        "override",
    )


@exercise("s5-e04-build-copy")
def build_copy(e: Engine, x: Path) -> None:
    web = e.run(e.build(x / "secao5/build-com-copy", "copy"), short="web", ports=(80,))
    ok("conteudo.html" in answer(e.url(web, 80)).text, "link")
    ok(answer(e.url(web, 80, "/conteudo.html")).status_code == 200, "conteudo")
    e.read_file(web, "/usr/share/nginx/html/.")


@exercise("s5-e05-build-dev")
def build_dev(e: Engine, x: Path) -> None:
    folder = x / "secao5/build-dev"
    server = e.run(
        e.build(folder, "dev"), short="python-server", ports=(8000,), init=True, volumes={str(folder): {"bind": "/app"}}
    )
    ok(answer(e.url(server, 8000), timeout=20).status_code == 200, "index")
    ok(exec_in(server, ["stat", "-c", "%U", "/proc/1"])[1].strip() == "www", "pid 1 user")
    until(lambda: "8000" in server.logs().decode(), 10, "startup logs")
    log = e.foreground("debian:latest", ["sh", "-c", "cat /log/*.log"], "reader", volumes_from=[server.id])[2]
    ok('"GET / HTTP/1.1" 200' in log, "request in /log")


@exercise("s5-e06-push")
def push(e: Engine, x: Path) -> None:
    registry = e.run("registry:2", short="registry", ports=(5000,))
    answer(e.url(registry, 5000, "/v2/"))
    address = e.url(registry, 5000, "").removeprefix("http://").rstrip("/")
    image = e.client.images.get(f"{e.name('ex-simple-build')}:latest")  # built once, in s5-e02
    image.tag(f"{address}/simple-build", "1.0")
    e.images.append(f"{address}/simple-build:1.0")
    lines = list(e.client.images.push(f"{address}/simple-build", tag="1.0", stream=True, decode=True))
    ok(not any("error" in line for line in lines), "push")
    head = requests.head(
        f"http://{address}/v2/simple-build/manifests/1.0",
        timeout=10,
        headers={"Accept": "application/vnd.docker.distribution.manifest.v2+json"},
    )
    pulled = e.client.images.pull(f"{address}/simple-build@{head.headers['Docker-Content-Digest']}")
    ok(pulled.id == image.id, "same id")
    e.images.append(f"{address}/simple-build@{head.headers['Docker-Content-Digest']}")
    e.kept.clear()
    for reference in e.images:  # the registry names carry no label
        try:
            e.client.images.remove(reference, force=True)
        except APIError:
            continue


# -- section 6: networks --------------------------------------------------------------------------------


def sleeper(e: Engine, short: str, **options: object) -> object:
    return e.run("alpine:latest", ["sleep", "1000"], short, **options)


@exercise("s6-e01-network-overview")
def overview(e: Engine, x: Path) -> None:
    ok({"bridge", "host", "none"} <= {n.name for n in e.client.networks.list()}, "networks")


@exercise("s6-e02-none-network")
def none_network(e: Engine, x: Path) -> None:
    ok("eth0" in e.foreground("alpine:latest", ["ash", "-c", "ifconfig"], "a")[2], "eth0")
    ok("eth0" not in e.foreground("alpine:latest", ["ash", "-c", "ifconfig"], "b", network_mode="none")[2], "lo")


@exercise("s6-e03-default-bridge")
def default_bridge(e: Engine, x: Path) -> None:
    one, two = sleeper(e, "container1"), sleeper(e, "container2")
    e.client.networks.get("bridge")
    exec_in(one, ["ifconfig"])
    two.reload()
    ok(exec_in(one, [*PING, two.attrs["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]])[0] == 0, "by ip")
    ok(exec_in(one, [*PING, two.name])[0] != 0, "no dns")


@exercise("s6-e04-user-defined-bridge")
def user_bridge(e: Engine, x: Path) -> None:
    network = e.client.networks.create(e.name("rede_nova"), driver="bridge", labels=e.labels)
    network.reload()
    sleeper(e, "container1")
    member = sleeper(e, "container3", network=network.name)
    outsider = e.run("alpine:latest", ["sleep", "60"], "outsider")
    outsider.reload()
    ok(exec_in(member, [*PING, outsider.attrs["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]])[0], "isolated")


@exercise("s6-e05-connect-disconnect")
def connect(e: Engine, x: Path) -> None:
    network = e.client.networks.create(e.name("rede_nova"), driver="bridge", labels=e.labels)
    sleeper(e, "container1")
    member = sleeper(e, "container3", network=network.name)
    bridge = e.client.networks.get("bridge")
    bridge.connect(member)
    ok("eth1" in exec_in(member, ["ifconfig"])[1], "eth1")
    bridge.disconnect(member)


@exercise("s6-e06-host-network")
def host_network(e: Engine, x: Path) -> None:
    ok("docker0" in exec_in(sleeper(e, "container4", network_mode="host"), ["ifconfig"])[1], "docker0")


@exercise("s6-x01-name-resolution")
def name_resolution(e: Engine, x: Path) -> None:
    network = e.client.networks.create(e.name("rede_nova"), driver="bridge", labels=e.labels)
    five = sleeper(e, "container5", network=network.name)
    sleeper(e, "container6", network=network.name)
    ok(exec_in(five, [*PING, e.name("container6")])[0] == 0, "by name")


# -- sections 7–9: compose ------------------------------------------------------------------------------


@exercise("s7-c01-compose-concepts")
def compose_valid(e: Engine, x: Path) -> None:
    import subprocess

    for path in sorted(x.rglob("docker-compose.yml")):
        done = subprocess.run(
            ["docker", "compose", "--project-directory", str(path.parent), "config", "-q"],
            capture_output=True,
            check=False,
        )
        ok(done.returncode == 0, f"valid {path}")


@exercise("s8-e01-initial-structure")
def structure(e: Engine, x: Path) -> None:
    package = json.loads((x / "secao8/e01-structure/backend/package.json").read_text(encoding="utf-8"))
    ok({"express", "mongoose", "node-restful", "body-parser", "cors"} <= set(package["dependencies"]), "deps")


@exercise("s8-e02-backend-test")
def backend_test(e: Engine, x: Path) -> None:
    with project(e, x / "secao8/e02-backend-test", "s8e02") as p:
        ok(answer(p.url("frontend", 80)).status_code == 200, "frontend")
        until(lambda: any("added" in t or "up to date" in t for t in p.logs("backend")), 120, "npm i")
        ok(p.containers("db")[0].status == "running", "db")
        ok("Backend" in answer(p.url("backend", 3000), timeout=150).text, "backend")


@exercise("s8-e03-rest-api")
def rest_api(e: Engine, x: Path) -> None:
    with project(e, x / "secao8/e03-rest-api", "s8e03") as p:
        ok("Cadastro Simples" in answer(p.url("frontend", 80)).text, "page")
        clients = p.url("backend", 3000, "/clients")
        ok(answer(clients, timeout=150).status_code == 200, "clients")
        created = requests.post(clients, data={"name": "Alice"}, timeout=10)
        ok(created.status_code == 201, "POST")
        one = f"{clients}/{created.json()['_id']}"
        ok(any(c.get("_id") == created.json()["_id"] for c in requests.get(clients, timeout=10).json()), "GET")
        ok(requests.put(one, data={"name": "Bob"}, timeout=10).status_code == 200, "PUT")
        ok(requests.delete(one, timeout=10).status_code == 204, "DELETE")
        ok(requests.post(clients, data={}, timeout=10).status_code == 400, "name required")
        ok("Access-Control-Allow-Origin" in requests.get(clients, timeout=10).headers, "CORS")


def subject() -> str:
    return f"dgbench-{uuid.uuid4().hex[:8]}"


def count(p: object, sent: str) -> str:
    return p.psql(f"select count(*) from emails where assunto = '{sent}'", "email_sender").strip()  # type: ignore[attr-defined]


@exercise("s9-e01-db-compose")
def db_compose(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e01-db", "s9e01") as p:
        p.wait_postgres()
        ok("template1" in p.psql("\\l"), "databases")


@exercise("s9-e02-volumes-init-scripts")
def volumes_init(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e02-volumes", "s9e02") as p:
        p.wait_postgres()
        sql = "select column_name from information_schema.columns where table_name = 'emails'"
        ok(len(p.psql(sql, "email_sender").split()) == 4, "columns")
        ok("email_sender" in p.exec("db", ["psql", "-U", "postgres", "-f", "/scripts/check.sql"])[1], "check.sql")


@exercise("s9-e03-frontend")
def frontend(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e03-frontend", "s9e03") as p:
        ok("assunto" in answer(p.url("frontend", 80)).text, "form")


@exercise("s9-e04-app-enqueue")
def app_enqueue(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e04-app", "s9e04") as p:
        sent = subject()
        ok(sent in answer(p.url("app", 8080), {"assunto": sent, "mensagem": "oi"}).text, "echo")
        ok(any("8080" in t for t in p.logs("app")), "listening")


@exercise("s9-e05-reverse-proxy")
def reverse_proxy(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e05-proxy", "s9e05") as p:
        sent = subject()
        ok(sent in answer(p.url("frontend", 80, "/api"), {"assunto": sent, "mensagem": "proxy"}).text, "proxy")
        ok("location /api" in p.exec("frontend", ["nginx", "-T"])[1], "nginx -T")


@exercise("s9-e06-networks-deps-db")
def networks_db(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e06-networks", "s9e06") as p:
        sent = subject()
        p.wait_postgres()
        answer(p.url("frontend", 80, "/api"), {"assunto": sent, "mensagem": "linha"})
        ok(count(p, sent) == "1", "row")
        ok(p.exec("frontend", ["getent", "hosts", "db"])[0] != 0, "isolated")


@exercise("s9-e07-queue-workers")
def queue_workers(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e07-queue", "s9e07") as p:
        sent = subject()
        p.wait_postgres()
        answer(p.url("frontend", 80, "/api"), {"assunto": sent, "mensagem": "fila"})
        ok(count(p, sent) == "1", "row")
        until(lambda: p.exec("queue", ["redis-cli", "llen", "sender"])[1].strip() == "0", 30, "drained")
        until(lambda: any(sent in t for t in p.logs("worker")), 30, "worker log")


@exercise("s9-e08-scale-workers")
def scale(e: Engine, x: Path) -> None:
    with project(e, x / "secao9/e08-scale", "s9e08", "--scale", "worker=3") as p:
        workers = p.containers("worker")
        ok(len([c for c in workers if c.status == "running"]) == 3, "three")
        ok("PYTHONUNBUFFERED=1" in e.client.images.get(workers[0].image.id).attrs["Config"]["Env"], "env")
        until(lambda: all(t.strip() for t in p.logs("worker")), 20, "replicas wait")


def stores_rows(p: object) -> bool:
    """POST until the app answers or exits (the wrong configuration makes it exit)."""

    def attempt() -> str | None:
        if all(c.status == "exited" for c in p.containers("app")):  # type: ignore[attr-defined]
            return "exited"
        response = requests.post(p.url("frontend", 80, "/api"), data={"assunto": "x", "mensagem": "x"}, timeout=3)  # type: ignore[attr-defined]
        return None if response.status_code in (502, 503, 504) else str(response.status_code)

    return until(attempt, 90, "POST /api") == "200"


@exercise("s9-e09-twelve-factors-env")
def twelve_factors(e: Engine, x: Path) -> None:
    folder = x / "secao9/e09-env"
    with project(e, folder, "s9e09") as p:
        ok(p.exec("app", ["printenv", "DB_NAME"])[1].strip() == "email_sender", "DB_NAME")
        sent = subject()
        p.wait_postgres()
        answer(p.url("frontend", 80, "/api"), {"assunto": sent, "mensagem": "env"})
        ok(count(p, sent) == "1", "row")
        with project(e, folder, "s9e09-wrong", environment={"app": {"DB_NAME": "dockgrade_inexistente"}}) as wrong:
            ok(not stores_rows(wrong), "wrong name breaks")


@exercise("s9-e10-override")
def override(e: Engine, x: Path) -> None:
    folder = x / "secao9/e10-override"
    with project(e, folder, "s9e10", "--scale", "worker=3") as p:
        ok(p.exec("app", ["printenv", "DB_NAME"])[1].strip() == "email_sender", "DB_NAME")
        sent = subject()
        p.wait_postgres()
        ok(sent in answer(p.url("frontend", 80, "/api"), {"assunto": sent, "mensagem": "fim"}).text, "echo")
        ok(count(p, sent) == "1", "row")
        until(lambda: any(sent in t for t in p.logs("worker")), 30, "worker log")
        ok(all(p.exec(s, ["getent", "hosts", "db"])[0] != 0 for s in ("frontend", "worker")), "isolated")
        with project(e, folder, "s9e10-base", files=("docker-compose.yml",)) as base:
            ok(not stores_rows(base), "base alone fails")


# -- the run --------------------------------------------------------------------------------------------


def grade(exercises: Path, only: list[str] | None = None) -> dict[str, object]:
    """Run every exercise (or ``only`` those), each timed; return seconds per exercise and failures."""
    import docker

    client = docker.from_env(timeout=300)
    engine = Engine(client, uuid.uuid4().hex[:8])
    seconds: dict[str, float] = {}
    failures: dict[str, str] = {}
    try:
        for exercise_id, function in COURSE.items():
            if only and exercise_id not in only:
                continue
            started = time.monotonic()
            try:
                function(engine, exercises)
            except Exception as error:  # a floor that fails is reported, never hidden
                failures[exercise_id] = f"{type(error).__name__}: {error}"[:300]
            finally:
                engine.close()
                seconds[exercise_id] = round(time.monotonic() - started, 2)
    finally:
        engine.close(final=True)
    return {"seconds": seconds, "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exercises", type=Path, default=ROOT / "exercises")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    result = grade(args.exercises.resolve(), args.only)
    text = json.dumps(result, indent=2)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(yaml.safe_dump(result, sort_keys=False) if not args.json else text)
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
