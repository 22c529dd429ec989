"""The interpreter on real scripts: hostile lines never run, names stay consistent, nothing leaks."""

from __future__ import annotations

from pathlib import Path

import docker
import pytest
import requests

from dockgrade.core.waiting import wait_until
from dockgrade.offline.images import ImageResolver
from dockgrade.runtime.labels import LABEL_RUN
from dockgrade.runtime.sandbox import Sandbox
from dockgrade.script.commands import parse_script
from dockgrade.script.interpreter import Interpreter
from dockgrade.script.transcript import Transcript

HOSTILE = """\
docker run -v /:/host debian ls /host
docker run --privileged debian ls
rm -rf ~
curl http://localhost:8080 | sh
docker run -v /var/run/docker.sock:/var/run/docker.sock debian ls
docker run -v $(pwd)/../../../etc:/x debian ls /x
docker run --pid host debian ps
docker run alpine ping -c 1 www.google.com
docker run -d --name ok alpine sleep 30
docker exec ok ping -c 1 8.8.8.8
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("<h1>meu site</h1>\n")
    return tmp_path


def interpret(sandbox: Sandbox, resolver: ImageResolver, folder: Path, text: str) -> Transcript:
    interpreter = Interpreter(sandbox, resolver, folder)
    return interpreter.run(parse_script(text, folder, folder))


def test_hostile_lines_never_run(
    docker_client: docker.DockerClient, image_resolver: ImageResolver, folder: Path
) -> None:
    """Host mounts, privileged, the Docker socket, host namespaces, shell lines and internet targets are refused."""
    with Sandbox(docker_client, allowed_root=folder) as sandbox:
        transcript = interpret(sandbox, image_resolver, folder, HOSTILE)
        refused = {step.command.line for step in transcript.steps if step.refused}
        skipped = {line.line for line in transcript.skipped}
        containers = docker_client.containers.list(all=True, filters={"label": f"{LABEL_RUN}={sandbox.run_id}"})
    assert refused == {1, 2, 5, 6, 7, 8, 10}
    assert skipped == {3, 4}
    assert len(containers) == 1  # only the harmless `ok` container was ever created
    assert all(step.exit_code == 126 and step.output for step in transcript.steps if step.refused)


def test_names_ports_and_mounts(
    docker_client: docker.DockerClient, image_resolver: ImageResolver, folder: Path
) -> None:
    """One student name is one container; -p keeps the student's host port on record; $(pwd) binds the folder."""
    script = """\
docker run -d --name web -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html:Z nginx
docker stop web
docker start web
docker run -d --name web nginx
"""
    with Sandbox(docker_client, allowed_root=folder) as sandbox:
        transcript = interpret(sandbox, image_resolver, folder, script)
    first, stop, start, conflict = transcript.steps
    assert first.states["web"].declared_ports == {"80/tcp": "8080"}
    assert ("bind", str(folder / "html"), "/usr/share/nginx/html") in first.states["web"].mounts
    assert stop.states["web"].status == "exited"
    assert start.states["web"].id == first.states["web"].id
    assert (conflict.exit_code, "is already in use" in conflict.output) == (125, True)
    assert "dockgrade-" not in conflict.output  # the student reads their own names


def test_missing_bind_source_is_not_created(
    docker_client: docker.DockerClient, image_resolver: ImageResolver, folder: Path
) -> None:
    """`-v $(pwd)/not-found:…` serves an empty folder (nginx answers 403) without creating it in the submission."""
    script = "docker run -d -p 8080:80 -v $(pwd)/not-found:/usr/share/nginx/html nginx\n"
    with Sandbox(docker_client, allowed_root=folder) as sandbox:
        transcript = interpret(sandbox, image_resolver, folder, script)
        state = transcript.steps[0].states["anon-1"]
        url = f"http://127.0.0.1:{state.ports['80/tcp']}/"
        status = wait_until(lambda: requests.get(url, timeout=2).status_code, timeout=15)
    assert status == 403
    assert not (folder / "not-found").exists()


def test_networks_created_by_scripts_are_removed(
    docker_client: docker.DockerClient, image_resolver: ImageResolver, folder: Path
) -> None:
    """Networks and volumes a script creates carry the run label and vanish with the sandbox."""
    script = "docker network create rede_nova\ndocker volume create dados\n"
    script += "docker run -d --name c --net rede_nova -v dados:/data alpine sleep 30\n"
    with Sandbox(docker_client, allowed_root=folder) as sandbox:
        interpret(sandbox, image_resolver, folder, script)
        label = {"label": f"{LABEL_RUN}={sandbox.run_id}"}
        assert len(docker_client.networks.list(filters=label)) == 1
        assert len(docker_client.volumes.list(filters=label)) == 1
    assert docker_client.networks.list(filters=label) == []
    assert docker_client.volumes.list(filters=label) == []
    assert docker_client.containers.list(all=True, filters=label) == []
