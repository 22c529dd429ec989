"""A grading reaches the course's package indexes and nothing else: not the grading host, its networks, the cloud
metadata endpoint, a private address or a name off the list, through the proxy or around it.

Each target is a real service of the grading machine that answers a secret and counts its connections: on all
interfaces (reached as the bridge's gateway and as the machine's own address), on ``169.254.169.254:80`` and on a
private address (both on a dummy interface the test creates). A name off the list has no server: the proxy must
refuse it before any lookup. The fetcher tries each URL twice: as tools do (honouring ``HTTP_PROXY``) and with a
bare socket (a tool that ignores the proxy variables).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import requests

from dockgrade.core import settings
from dockgrade.grading.fixtures import running_in_ci
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime import egress, package_indexes
from dockgrade.runtime.sandbox import Sandbox
from tests.grading_run import grader_for
from tests.hostile.corpus import CORPUS_LIMITS, LoopbackServer, grade_child

pytestmark = [pytest.mark.docker, pytest.mark.xdist_group("egress")]


@pytest.fixture(autouse=True)
def egress_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The egress is opt-in for now (see ``egress.enabled``): these tests switch it on."""
    monkeypatch.setenv(settings.ENV_EGRESS, "on")


METADATA = "169.254.169.254"
PRIVATE = "10.254.254.254"
UNLISTED = "http://pacotes.example.invalid/simple/"
FETCH = """\
import socket, sys, urllib.parse, urllib.request
for url in sys.argv[1:]:
    try:
        with urllib.request.urlopen(url, timeout=8) as answer:
            print("proxy", url, "answered", answer.read(64))
    except Exception as error:
        print("proxy", url, "refused", type(error).__name__)
    parts = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port or 80), timeout=3).close()
        print("direct", url, "connected")
    except Exception as error:
        print("direct", url, "unreachable", type(error).__name__)
"""


@contextlib.contextmanager
def dummy_address(name: str, address: str) -> Iterator[str]:
    """``address`` on an interface of its own on the grading machine for the block (root only).

    An empty Linux bridge serves as the dummy interface: some kernels have no ``dummy`` module.
    """
    commands = [["ip", "link", "add", name, "type", "bridge"], ["ip", "addr", "add", f"{address}/32", "dev", name]]
    try:
        for command in [*commands, ["ip", "link", "set", name, "up"]]:
            subprocess.run(command, check=True, capture_output=True, timeout=10)
    except (OSError, subprocess.CalledProcessError) as error:
        subprocess.run(["ip", "link", "del", name], capture_output=True, timeout=10, check=False)
        if running_in_ci():
            pytest.fail(f"cannot add {address} on a dummy interface: {error}", pytrace=False)
        pytest.skip(f"needs root to add {address} on a dummy interface")
    try:
        yield address
    finally:
        subprocess.run(["ip", "link", "del", name], capture_output=True, timeout=10, check=False)


def machine_address(client: docker.DockerClient) -> str:
    """One of the grading machine's own addresses that is not a Docker bridge's."""
    done = subprocess.run(["ip", "-o", "-4", "addr", "show", "scope", "global"], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        interface, address = line.split()[1], line.split()[3].split("/")[0]
        if not interface.startswith(("docker", "br-", "veth", "dgtest")):
            return address
    pytest.fail("the grading machine has no address of its own besides Docker's bridges")


@pytest.fixture(scope="module")
def services(docker_client: docker.DockerClient) -> Iterator[dict[str, LoopbackServer]]:
    """URL → the service that must never see a connection."""
    gateway = egress.gateways_of(docker_client.networks.get("bridge").attrs)[0]
    with contextlib.ExitStack() as stack:
        everywhere = stack.enter_context(LoopbackServer(address="0.0.0.0"))
        stack.enter_context(dummy_address("dgtestmeta0", METADATA))
        stack.enter_context(dummy_address("dgtestpriv0", PRIVATE))
        metadata = stack.enter_context(LoopbackServer(address=METADATA, port=80))
        private = stack.enter_context(LoopbackServer(address=PRIVATE))
        yield {
            f"http://{gateway}:{everywhere.port}/s.txt": everywhere,
            f"http://{machine_address(docker_client)}:{everywhere.port}/s.txt": everywhere,
            f"http://{METADATA}/latest/meta-data/iam/security-credentials/": metadata,
            f"http://{PRIVATE}:{private.port}/s.txt": private,
        }


@pytest.fixture
def scratch_sandbox(docker_client: docker.DockerClient, tmp_path: Path) -> Iterator[Sandbox]:
    """A sandbox whose submission is the test's folder (the fetcher and its Dockerfile live there)."""
    with Sandbox(docker_client, allowed_root=tmp_path) as box:
        yield box


@pytest.fixture
def fetcher(tmp_path: Path) -> Path:
    (tmp_path / "fetch.py").write_text(FETCH, encoding="utf-8")
    return tmp_path / "fetch.py"


def test_a_build_step_reaches_none_of_them(
    services: dict[str, LoopbackServer], fetcher: Path, scratch_sandbox: Sandbox, image_resolver: ImageResolver
) -> None:
    """A ``RUN`` step fetching from each target: nothing answers, the proxy logs each refusal."""
    urls = [*services, UNLISTED]
    python = image_resolver.ensure("python:3")
    (fetcher.parent / "Dockerfile").write_text(
        f"FROM {python}\nCOPY fetch.py /fetch.py\nRUN python3 /fetch.py {' '.join(urls)}\n", encoding="utf-8"
    )
    started = time.time()
    built = scratch_sandbox.build(fetcher.parent, "fetch")
    _assert_nothing_reached(built.log, urls, services, started)


def test_a_running_container_reaches_none_of_them(
    services: dict[str, LoopbackServer], fetcher: Path, scratch_sandbox: Sandbox, image_resolver: ImageResolver
) -> None:
    """A container fetching from each target: nothing answers, the proxy logs each refusal."""
    urls = [*services, UNLISTED]
    started = time.time()
    container = scratch_sandbox.run(
        image_resolver.ensure("python:3"), "fetch", ["python3", "/fetch.py", *urls], binds={fetcher: "/fetch.py"}
    )
    assert container.wait(timeout=120) == 0
    _assert_nothing_reached(container.logs(), urls, services, started)


def test_the_package_indexes_stay_reachable(scratch_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """The same way out serves what the course installs: apt (Debian archive) and pip (the Python index)."""
    container = scratch_sandbox.run(
        image_resolver.ensure("python:3"),
        "installs",
        ["sh", "-c", "apt-get update -qq && pip download -q --no-deps -d /tmp/wheels six && echo INSTALLS-OK"],
    )
    assert container.wait(timeout=240) == 0, container.logs()[-600:]
    assert "INSTALLS-OK" in container.logs()


def test_no_name_is_looked_up_outside_the_grading(scratch_sandbox: Sandbox, image_resolver: ImageResolver) -> None:
    """Inside a grading only the proxy resolves names: a container asking for an unknown name, or even for a
    package index's, is told "no such name" by the proxy's own DNS server (no upstream), as an ordinary bridge
    would say of an unknown name, instead of waiting on the engine's DNS, which has no route out."""
    listed = package_indexes.allowed_hosts()[0]
    names = ["nosuch.invalid", listed]
    container = scratch_sandbox.run(
        image_resolver.ensure("alpine"), "lookup", ["sh", "-c", " ; ".join(f"nslookup {name}" for name in names)]
    )
    container.wait(timeout=120)
    for name in names:
        assert f"can't find {name}: NXDOMAIN" in container.logs(), container.logs()[-1000:]


SERVE = "mkdir /w && echo {word} > /w/index.html && cd /w && exec python3 -m http.server 8000"
KNOCK = """\
import socket
from dockgrade_slots import SLOTS
for slot in SLOTS:
    try:
        socket.create_connection(("dockgrade-egress", slot), timeout=2).close()
        print("reached", slot)
    except OSError:
        pass
print("knocked")
"""


def test_a_probed_port_is_lent_by_the_proxy_to_its_container_alone(
    docker_client: docker.DockerClient, tmp_path: Path, image_resolver: ImageResolver
) -> None:
    """The proxy lends a published port per probed port: it answers from its own container; no container of the
    grading can use the lent ports to reach across networks (they listen on the proxy's own network only); and once
    the sandbox closes, nothing is left forwarding to it."""
    python = image_resolver.ensure("python:3")
    slots = [egress.PORT, *egress.RELAY_SLOTS]  # the proxy's own port answers: the name and the route are there
    (tmp_path / "dockgrade_slots.py").write_text(f"SLOTS = {slots}\n", encoding="utf-8")
    (tmp_path / "knock.py").write_text(KNOCK, encoding="utf-8")
    with Sandbox(docker_client, allowed_root=tmp_path) as box:
        server = box.run(python, "server", ["sh", "-c", SERVE.format(word="FROM-THE-SERVER")], ports=[8000])
        assert _answer(server.url(8000)) == "FROM-THE-SERVER"
        other = box.network("other")
        for network in (other.name, box.default_network().name):
            knocker = box.run(python, "knock", ["python3", "/k/knock.py"], binds={tmp_path: "/k"}, network=network)
            assert knocker.wait(timeout=60) == 0, knocker.logs()
            assert knocker.logs().split() == ["reached", str(egress.PORT), "knocked"], knocker.logs()
        name = server.name
    proxy = egress.started()[0].proxy
    assert proxy is not None
    listing = proxy.exec_run(["sh", "-c", "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' '"]).output.decode()
    assert name not in listing, listing


def _answer(url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            return requests.get(url, timeout=3).text.strip()
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_the_student_reads_which_address_was_refused_and_never_the_secret(
    services: dict[str, LoopbackServer], tmp_path: Path
) -> None:
    """The issue's report, graded end to end: the page a build fetched from the host is a refusal, explained."""
    gateway_url = next(iter(services))
    everywhere = services[gateway_url]
    submission = tmp_path / "submission" / "primeiro-build"
    submission.mkdir(parents=True)
    (submission / "Dockerfile").write_text(
        "FROM nginx\n"
        "RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends wget >/dev/null \\\n"
        f" && (wget -q -T 5 -O /usr/share/nginx/html/index.html {gateway_url} || true)\n",
        encoding="utf-8",
    )
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DOCKGRADE_LIMIT_")}
    environment.update({f"DOCKGRADE_LIMIT_{key.upper()}": str(value) for key, value in CORPUS_LIMITS.items()})
    environment["DOCKGRADE_LIMIT_BUILD_SECONDS"] = "180"
    environment[settings.ENV_EGRESS] = "on"
    run = grade_child(grader_for("s5-e02-first-build"), submission.parent, tmp_path, environment, 400)
    failed = [check for check in run.report["checks"] if check["outcome"] == "failed"]
    assert failed, run.output[-2000:]
    assert everywhere.secret not in run.output
    assert everywhere.secret not in str(run.report)
    assert everywhere.connections == 0
    explained = [check["message"] for check in failed if "só acessa os índices de pacotes do curso" in check["message"]]
    assert explained, [check["message"] for check in failed]
    assert gateway_url in explained[0]
    assert "a própria máquina" in explained[0]


def _assert_nothing_reached(output: str, urls: list[str], services: dict[str, LoopbackServer], started: float) -> None:
    for url in urls:
        assert f"proxy {url} refused" in output, output[-3000:]
        assert f"direct {url} unreachable" in output, output[-3000:]
    for server in services.values():
        assert server.connections == 0, "a service of the grading machine was reached"
        assert server.secret not in output
    refused = {refusal.target for proxy in egress.started() for refusal in proxy.refusals(started)}
    assert set(urls) <= refused, refused
    note = egress.refusal_note(started, shown=len(urls))
    assert "só acessa os índices de pacotes do curso" in note
    assert METADATA in note
    assert "a própria máquina ou o serviço de metadados da nuvem" in note
