"""Contract tests of the web-side stand-ins: nginx, busybox, hello-world and registry.

Each test pins one behaviour of the official image that the course relies on, run against
the offline stand-in image itself (``dockgrade-standin/<name>``) whatever the image mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docker
import pytest
import requests

from dockgrade.core.waiting import wait_until
from dockgrade.offline.bases import Bases
from dockgrade.offline.recipes import by_name
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer

pytestmark = pytest.mark.docker

_STANDINS = ("nginx", "busybox", "hello-world", "registry")
_HELLO_START = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n"
_PROXY_CONF = """\
server {
    listen 80;
    location / {
        proxy_pass http://backend:8000;
    }
}
"""


@pytest.fixture(scope="module")
def standin(bases: Bases) -> dict[str, str]:
    """The stand-in images of this module, built when missing or stale: name -> image."""
    bases.ensure(_STANDINS)
    return {name: by_name(name).image for name in _STANDINS}


@pytest.fixture
def tmp_sandbox(docker_client: docker.DockerClient, tmp_path: Path) -> Iterator[Sandbox]:
    """A sandbox whose bind mounts may come from ``tmp_path`` (the shared one confines them to the submission)."""
    with Sandbox(docker_client, allowed_root=tmp_path) as box:
        yield box


def _get(url: str) -> requests.Response | None:
    """The response when the server answers 200, else None (for polling)."""
    response = requests.get(url, timeout=2)
    return response if response.status_code == 200 else None


def _serve_text(sandbox: Sandbox, image: str, short_name: str, text: str, **options: object) -> SandboxContainer:
    """A busybox httpd on port 8000 serving ``text`` as its index page."""
    script = f"mkdir -p /www && echo '{text}' > /www/index.html && exec httpd -f -p 8000 -h /www"
    return sandbox.run(image, short_name, ["sh", "-c", script], **options)


def test_nginx_serves_welcome_page(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """nginx serves its default "Welcome to nginx!" page on container port 80."""
    web = sandbox.run(standin["nginx"], "web", ports=[80])
    response = wait_until(lambda: _get(web.url(80)), timeout=20, what="nginx answers on port 80")
    assert "Welcome to nginx!" in response.text


def test_nginx_logs_requests(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """A request to nginx shows up in ``docker logs`` (access log on stdout)."""
    web = sandbox.run(standin["nginx"], "web", ports=[80])
    wait_until(lambda: _get(web.url(80, "/?from=dockgrade")), timeout=20, what="nginx answers on port 80")
    logs = wait_until(
        lambda: web.logs() if '"GET /?from=dockgrade HTTP/1.1" 200' in web.logs() else None,
        timeout=10,
        what="the request in docker logs",
    )
    assert "python-requests" in logs


def test_nginx_mounted_default_conf_proxies(tmp_sandbox: Sandbox, standin: dict[str, str], tmp_path: Path) -> None:
    """A bind-mounted conf.d/default.conf replaces the default server and proxies to backend:8000."""
    sandbox = tmp_sandbox
    network = sandbox.network("net")
    endpoint = sandbox.client.api.create_endpoint_config(aliases=["backend"])
    _serve_text(
        sandbox,
        standin["busybox"],
        "backend",
        "hello from the backend",
        network=network.name,
        networking_config={network.name: endpoint},
    )
    conf = tmp_path / "default.conf"
    conf.write_text(_PROXY_CONF, encoding="utf-8")
    proxy = sandbox.run(
        standin["nginx"],
        "proxy",
        ports=[80],
        binds={conf: "/etc/nginx/conf.d/default.conf"},
        network=network.name,
    )
    response = wait_until(lambda: _get(proxy.url(80)), timeout=20, what="nginx proxies to the backend")
    assert response.text.strip() == "hello from the backend"


def test_nginx_config_dump_succeeds(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """``nginx -T`` exits 0 and shows conf.d/default.conf included from nginx.conf."""
    exit_code, output = sandbox.run_to_completion(standin["nginx"], "config", ["nginx", "-T"])
    assert exit_code == 0, output
    assert "include /etc/nginx/conf.d/*.conf;" in output
    assert "# configuration file /etc/nginx/conf.d/default.conf:" in output


def test_busybox_pings_container_by_name(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """busybox ``ping`` reaches another container on a user network by its container name."""
    network = sandbox.network("net")
    target = sandbox.run(standin["busybox"], "target", ["sleep", "300"], network=network.name)
    exit_code, output = sandbox.run_to_completion(
        standin["busybox"], "pinger", ["ping", "-c", "2", "-W", "2", target.name], network=network.name
    )
    assert exit_code == 0, output
    assert "2 packets received" in output


def test_hello_world_prints_greeting(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """hello-world prints the official opening lines and exits 0."""
    exit_code, output = sandbox.run_to_completion(standin["hello-world"], "hello")
    assert exit_code == 0, output
    assert output.startswith(_HELLO_START)


def test_registry_push_and_pull(
    tmp_sandbox: Sandbox, standin: dict[str, str], docker_client: docker.DockerClient, tmp_path: Path
) -> None:
    """A locally built image pushed to the registry on localhost comes back by pull and runs."""
    sandbox = tmp_sandbox
    registry = sandbox.run(standin["registry"], "registry", ports=[5000])
    wait_until(lambda: _get(registry.url(5000, "/v2/")), timeout=20, what="the registry answers on /v2/")
    payload = f"payload of run {sandbox.run_id}"
    (tmp_path / "payload.txt").write_text(payload + "\n", encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(
        f"FROM {standin['busybox']}\nCOPY payload.txt /payload.txt\n", encoding="utf-8"
    )
    built = sandbox.build(tmp_path, "payload")
    repository = f"localhost:{registry.host_port(5000)}/{sandbox.name('payload')}"
    sandbox.track_image(f"{repository}:latest")
    assert docker_client.images.get(built.id).tag(repository, "latest")

    pushed = list(docker_client.images.push(repository, tag="latest", stream=True, decode=True))
    assert not [line for line in pushed if "error" in line], pushed
    docker_client.images.remove(f"{repository}:latest")
    docker_client.images.remove(built.tag)  # the layer must now come back from the registry

    docker_client.images.pull(repository, tag="latest")
    exit_code, output = sandbox.run_to_completion(f"{repository}:latest", "pulled", ["cat", "/payload.txt"])
    assert exit_code == 0, output
    assert output.strip() == payload
