"""Contract tests of the runtime stand-ins: python, node, redis and postgres.

Each test pins one behaviour of the official image that the course relies on, run against
the offline stand-in image itself (``dockgrade-standin/<name>``) whatever the image mode.
The pip and npm tests reach the package indexes the machine is configured for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docker.models.networks import Network

from dockgrade.core.waiting import wait_until
from dockgrade.offline.bases import Bases
from dockgrade.offline.recipes import by_name
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer

pytestmark = pytest.mark.docker

_STANDINS = ("python", "node", "redis", "postgres")
_PASSWORD = "dockgrade-secret"
_REFUSAL = "Database is uninitialized and superuser password is not specified"
_INIT_SQL = "CREATE TABLE pinned (id integer PRIMARY KEY);\nINSERT INTO pinned VALUES (42);\n"


@pytest.fixture(scope="module")
def standin(bases: Bases) -> dict[str, str]:
    """The stand-in images of this module, built when missing or stale: name -> image."""
    bases.ensure(_STANDINS)
    return {name: by_name(name).image for name in _STANDINS}


def _aliased(sandbox: Sandbox, network: Network, alias: str) -> dict[str, object]:
    """``run`` options joining ``network`` under ``alias``, as compose does with a service name."""
    endpoint = sandbox.client.api.create_endpoint_config(aliases=[alias])
    return {"network": network.name, "networking_config": {network.name: endpoint}}


def _start_postgres(
    sandbox: Sandbox, image: str, network: Network, short_name: str, **options: object
) -> SandboxContainer:
    """A postgres container reachable as ``db``, returned once it accepts TCP connections."""
    db = sandbox.run(image, short_name, **_aliased(sandbox, network, "db"), **options)
    wait_until(
        lambda: db.exec(["pg_isready", "-q", "-h", "127.0.0.1"]).exit_code == 0,
        timeout=60,
        pause=0.3,
        what="postgres accepts TCP connections",
    )
    return db


def _psql(sandbox: Sandbox, image: str, network: Network, sql: str) -> tuple[int, str]:
    """Run one query from another container, over the network, with the password."""
    command = ["psql", "-h", "db", "-U", "postgres", "-d", "app", "-tAc", sql]
    return sandbox.run_to_completion(
        image, "psql", command, network=network.name, environment={"PGPASSWORD": _PASSWORD}
    )


def test_python_pip_installs_package(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """``pip install`` as root inside a running python container installs a package that then imports."""
    script = "pip install --no-cache-dir six && python -c 'import six; print(\"imported six\", six.__version__)'"
    exit_code, output = sandbox.run_to_completion(standin["python"], "pip", ["sh", "-c", script])
    assert exit_code == 0, output
    assert "imported six 1." in output


def test_node_npm_installs_package(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """``npm install`` inside a running node container installs a package that ``require`` then finds."""
    script = (
        "mkdir /tmp/app && cd /tmp/app && npm init -y >/dev/null"
        " && npm install --no-audit --no-fund is-number"
        ' && node -e \'console.log("is-number says", require("is-number")(42))\''
    )
    exit_code, output = sandbox.run_to_completion(standin["node"], "npm", ["sh", "-c", script])
    assert exit_code == 0, output
    assert "is-number says true" in output


def test_postgres_init_script_creates_table(scratch_sandbox: Sandbox, standin: dict[str, str], tmp_path: Path) -> None:
    """An init script in /docker-entrypoint-initdb.d creates a table that psql from another container reads."""
    (tmp_path / "init.sql").write_text(_INIT_SQL, encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(
        f"FROM {standin['postgres']}\nCOPY init.sql /docker-entrypoint-initdb.d/\n", encoding="utf-8"
    )
    image = scratch_sandbox.build(tmp_path, "db-image")
    network = scratch_sandbox.network("banco")
    _start_postgres(
        scratch_sandbox, image.tag, network, "db", environment={"POSTGRES_PASSWORD": _PASSWORD, "POSTGRES_DB": "app"}
    )
    exit_code, output = _psql(scratch_sandbox, standin["postgres"], network, "SELECT id FROM pinned")
    assert exit_code == 0, output
    assert output.strip() == "42"


def test_postgres_skips_init_on_existing_data(
    scratch_sandbox: Sandbox, standin: dict[str, str], tmp_path: Path
) -> None:
    """A second postgres on the same data volume skips initialisation and keeps the data."""
    (tmp_path / "init.sql").write_text(_INIT_SQL, encoding="utf-8")
    (tmp_path / "Dockerfile").write_text(
        f"FROM {standin['postgres']}\nCOPY init.sql /docker-entrypoint-initdb.d/\n", encoding="utf-8"
    )
    image = scratch_sandbox.build(tmp_path, "db-image")
    network = scratch_sandbox.network("banco")
    data = scratch_sandbox.volume("dados")
    options = {
        "environment": {"POSTGRES_PASSWORD": _PASSWORD, "POSTGRES_DB": "app"},
        "volumes": {data.name: {"bind": "/var/lib/postgresql/data", "mode": "rw"}},
    }
    first = _start_postgres(scratch_sandbox, image.tag, network, "db", **options)
    scratch_sandbox.client.containers.get(first.id).stop(timeout=10)
    second = _start_postgres(scratch_sandbox, image.tag, network, "db", **options)
    assert "Skipping initialization" in second.logs()
    exit_code, output = _psql(scratch_sandbox, standin["postgres"], network, "SELECT count(*) FROM pinned")
    assert exit_code == 0, output
    assert output.strip() == "1"


def test_postgres_refuses_without_auth_settings(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """Without POSTGRES_PASSWORD or POSTGRES_HOST_AUTH_METHOD=trust, postgres exits 1 with the official error."""
    exit_code, output = sandbox.run_to_completion(standin["postgres"], "db")
    assert exit_code == 1, output
    assert _REFUSAL in output


def test_redis_reachable_by_service_name(sandbox: Sandbox, standin: dict[str, str]) -> None:
    """redis-cli in a second container on a user network gets PONG from redis by its service name."""
    network = sandbox.network("fila")
    queue = sandbox.run(standin["redis"], "queue", **_aliased(sandbox, network, "queue"))
    wait_until(
        lambda: queue.exec(["redis-cli", "ping"]).output.strip() == "PONG",
        timeout=20,
        pause=0.2,
        what="redis answers inside its container",
    )
    exit_code, output = sandbox.run_to_completion(
        standin["redis"], "cli", ["redis-cli", "-h", "queue", "ping"], network=network.name
    )
    assert exit_code == 0, output
    assert output.strip() == "PONG"
