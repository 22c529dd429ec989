"""The compose policy: the student's files before compose reads them, and the merged configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from dockgrade.compose import policy as compose_policy
from dockgrade.core.limits import Limits

FOLDER = Path("/entrega/e01-db")
BOMB = (
    "".join(f"x{level}: &x{level} [{', '.join([f'*x{level - 1}' if level else 'lol'] * 9)}]\n" for level in range(9))
    + "services:\n  db:\n    image: postgres\n    command: *x8\n"
)


def merged(service: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A merged configuration as ``compose config`` prints it (absolute paths)."""
    return {"services": {"db": {"image": "postgres:9.6", **service}}, **top}


@pytest.mark.parametrize(
    ("service", "fragment"),
    [
        ({"privileged": True}, "db: privileged"),
        ({"cap_add": ["SYS_ADMIN"]}, "db: cap_add"),
        ({"devices": ["/dev/mem:/dev/mem"]}, "db: devices"),
        ({"security_opt": ["seccomp:unconfined"]}, "db: security_opt"),
        ({"sysctls": {"net.ipv4.ip_forward": "1"}}, "db: sysctls"),
        ({"cgroup_parent": "/"}, "db: cgroup_parent"),
        ({"oom_kill_disable": True}, "db: oom_kill_disable"),
        ({"network_mode": "host"}, "network_mode: host"),
        ({"pid": "host"}, "pid: host"),
        ({"ipc": "host"}, "ipc: host"),
        ({"userns_mode": "host"}, "userns_mode: host"),
        ({"network_mode": "container:abc"}, "network_mode: container:abc"),
        ({"volumes_from": ["container:abc"]}, "volumes_from"),
        ({"volumes": [{"type": "bind", "source": "/", "target": "/host"}]}, "fora da entrega (/)"),
        ({"volumes": [{"type": "bind", "source": "/entrega/e01-db/../..", "target": "/x"}]}, "fora da entrega"),
        ({"volumes": [{"type": "bind", "source": "/var/run/docker.sock", "target": "/s"}]}, "socket do Docker"),
        ({"build": {"context": "/etc"}}, "build.context"),
        ({"build": {"context": "https://github.com/x/y.git"}}, "build.context"),
        ({"build": {"context": str(FOLDER), "dockerfile": "/etc/Dockerfile"}}, "build.dockerfile"),
        ({"build": {"context": str(FOLDER), "ssh": ["default"]}}, "build.ssh"),
        ({"build": {"context": str(FOLDER), "network": "host"}}, "build.network"),
        ({"build": {"context": str(FOLDER), "additional_contexts": {"x": "/etc"}}}, "additional_contexts"),
        ({"deploy": {"replicas": 500}}, "500 réplicas"),
        ({"scale": 50}, "50 réplicas"),
    ],
)
def test_refused_services(service: dict[str, Any], fragment: str) -> None:
    """Each dangerous service setting is refused in words that name it."""
    found = compose_policy.refusals(merged(service), FOLDER)
    assert any(fragment in text for text in found), found


@pytest.mark.parametrize(
    ("top", "fragment"),
    [
        ({"networks": {"fora": {"external": True, "name": "host"}}}, "networks fora: external"),
        ({"volumes": {"v": {"external": True}}}, "volumes v: external"),
        ({"volumes": {"raiz": {"driver_opts": {"type": "none", "o": "bind", "device": "/"}}}}, "driver_opts"),
        ({"networks": {"rede": {"ipam": {"config": [{"subnet": "10.0.0.0/8"}]}}}}, "rede rede"),
        ({"networks": {"rede": {"driver": "macvlan"}}}, "rede rede"),
        ({"secrets": {"s": {"file": "/etc/shadow"}}}, "secrets.file"),
        ({"configs": {"c": {"file": "/root/.ssh/id_rsa"}}}, "configs.file"),
        ({"secrets": {"s": {"environment": "AWS_SECRET_ACCESS_KEY"}}}, "secrets.environment"),
    ],
)
def test_refused_resources(top: dict[str, Any], fragment: str) -> None:
    """Project-level networks, volumes, secrets and configs cannot reach outside the project."""
    found = compose_policy.refusals(merged({}, **top), FOLDER)
    assert any(fragment in text for text in found), found


def test_course_project_passes() -> None:
    """The course's own shapes pass: binds inside, builds inside, named volumes and plain networks, a few replicas."""
    service = {
        "build": {"context": str(FOLDER / "worker"), "dockerfile": "Dockerfile"},
        "volumes": [
            {"type": "bind", "source": str(FOLDER / "scripts"), "target": "/scripts"},
            {"type": "volume", "source": "dados", "target": "/var/lib/postgresql/data"},
        ],
        "networks": {"banco": None},
        "deploy": {"replicas": 3},
        "network_mode": "service:app",
    }
    top = {"volumes": {"dados": {"name": "p_dados"}}, "networks": {"banco": {"name": "p_banco"}}}
    assert compose_policy.refusals(merged(service, **top), FOLDER) == []


def test_too_many_services() -> None:
    """More services than the limit are refused before anything starts."""
    config = {"services": {f"s{number}": {"image": "busybox"} for number in range(200)}}
    assert "200 serviços" in compose_policy.refusals(config, FOLDER, Limits())[0]


def test_yaml_bomb_counted_without_expanding() -> None:
    """Billion laughs is measured on the alias graph (it would expand to 9**9 strings) and found quickly."""
    node = yaml.compose(BOMB, Loader=yaml.SafeLoader)
    assert node is not None
    assert compose_policy.expanded_nodes(node, 100_000) == 100_001


def test_recursive_alias_is_infinite() -> None:
    """An alias inside its own anchor counts as infinitely large."""
    node = yaml.compose("a: &x [1, *x]\n", Loader=yaml.SafeLoader)
    assert node is not None
    assert compose_policy.expanded_nodes(node, 1000) == 1001


def test_shared_aliases_counted_by_expansion() -> None:
    """A small, honest use of anchors is counted as it expands, and passes."""
    node = yaml.compose("a: &x {k: v}\nb: *x\nc: *x\n", Loader=yaml.SafeLoader)
    assert node is not None
    # the mapping, its three keys, and {k: v} (a mapping, a key, a value) three times
    assert compose_policy.expanded_nodes(node, 1000) == 1 + 3 + 3 * 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (BOMB, "âncoras/aliases demais"),
        ("services:\n  db:\n    env_file: /etc/os-release\n", "env_file fora da entrega"),
        ("services:\n  db:\n    env_file: [{path: ../../../etc/os-release}]\n", "env_file fora da entrega"),
        ("services:\n  db:\n    extends: {file: /etc/compose.yml, service: x}\n", "db: extends fora da entrega"),
        ("include:\n  - /etc/compose.yml\nservices: {}\n", "include fora da entrega (/etc/compose.yml)"),
        ("services: [\n", "não é YAML válido"),
        ("[" * 5000 + "]" * 5000, "âncoras/aliases demais"),
    ],
)
def test_file_refusals(tmp_path: Path, text: str, fragment: str) -> None:
    """The student's files are refused before compose reads them: bombs, outside files, broken YAML."""
    (tmp_path / "docker-compose.yml").write_text(text)
    found = compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path)
    assert any(fragment in item for item in found), found


def test_large_file_refused_before_parsing(tmp_path: Path) -> None:
    """A compose file over the size limit is refused by its size alone."""
    (tmp_path / "docker-compose.yml").write_text("# " + "x" * 300_000 + "\nservices: {}\n")
    found = compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path)
    assert found
    assert "o limite da correção é 256 KiB" in found[0]


def test_included_files_checked_too(tmp_path: Path) -> None:
    """A file the compose file extends is checked like the compose file itself."""
    (tmp_path / "base.yml").write_text(BOMB)
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    extends: {file: base.yml, service: db}\n")
    found = compose_policy.file_refusals([tmp_path / "docker-compose.yml"], tmp_path)
    assert any("base.yml" in item for item in found), found


def test_ordinary_files_pass(tmp_path: Path) -> None:
    """The course's files (an env_file beside them, an override) pass."""
    (tmp_path / "app.env").write_text("DB_NAME=abc\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  app:\n    image: python\n    env_file: app.env\n")
    paths = [tmp_path / "docker-compose.yml", tmp_path / "docker-compose.override.yml"]
    assert compose_policy.file_refusals(paths, tmp_path) == []


def test_grader_environment_keeps_secrets_out() -> None:
    """Compose sees what it needs to reach the engine, not the instructor's tokens."""
    environ = {"PATH": "/bin", "HOME": "/root", "DOCKER_HOST": "unix:///x.sock", "AWS_SECRET_ACCESS_KEY": "s3cr3t"}
    environ["SSH_AUTH_SOCK"] = "/tmp/agent"
    kept = compose_policy.grader_environment(environ=environ)
    assert kept == {"PATH": "/bin", "HOME": "/root", "DOCKER_HOST": "unix:///x.sock"}


def test_grader_environment_keeps_ssh_agent_for_ssh_engines() -> None:
    """An engine reached over SSH (Gradescope) still needs the agent."""
    kept = compose_policy.grader_environment(environ={"DOCKER_HOST": "ssh://u@h", "SSH_AUTH_SOCK": "/tmp/agent"})
    assert kept["SSH_AUTH_SOCK"] == "/tmp/agent"


def test_grader_environment_pwd_is_the_project() -> None:
    """``${PWD}`` in a compose file means the project's folder, as when the student runs compose there."""
    assert compose_policy.grader_environment(FOLDER, environ={"PWD": "/root"})["PWD"] == str(FOLDER)


def test_broken_yaml_is_the_students_mistake_not_a_safety_matter(tmp_path: Path) -> None:
    """A syntax error is told as such, without the safety prefix; a bomb is a safety refusal."""
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image postgres\n    environment: {}\n")
    checked = compose_policy.check_files([tmp_path / "docker-compose.yml"], tmp_path)
    assert (checked.refused, len(checked.invalid)) == ([], 1)
    assert checked.message.startswith("o arquivo docker-compose.yml não é YAML válido")
    (tmp_path / "docker-compose.yml").write_text(BOMB)
    assert compose_policy.check_files([tmp_path / "docker-compose.yml"], tmp_path).message.startswith(
        "não executado por segurança"
    )
