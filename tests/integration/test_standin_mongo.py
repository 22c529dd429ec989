"""Contract tests of the mongo stand-in (minimongo): what the course's backend and later ones rely on.

A node stand-in container installs mongoose from the package index the machine is configured for and
talks to the mongo stand-in by its service name, as the course's `backend` talks to `db`: mongoose 4.11
(node driver 2.2, commands as legacy OP_QUERY) and mongoose 5 and 6 (OP_MSG).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docker.models.networks import Network

from dockgrade.core.waiting import wait_until
from dockgrade.offline.bases import Bases
from dockgrade.offline.recipes import by_name
from dockgrade.runtime.sandbox import Sandbox, SandboxContainer

pytestmark = pytest.mark.docker

_NPM_SECONDS = 240.0
# Runs on mongoose 4 to 8: create, find by ObjectId, update with validators, the required-field refusal,
# delete, then what is left; "read" only counts what an earlier run left.
_CLIENT = """
const mongoose = require('mongoose')
mongoose.Promise = global.Promise
const major = Number(mongoose.version.split('.')[0])
const options = major === 4 ? { useMongoClient: true }
  : major === 5 ? { useNewUrlParser: true, useUnifiedTopology: true } : {}
const Client = mongoose.model('Client', new mongoose.Schema({ name: { type: String, required: true } }))
async function crud () {
  const alice = await Client.create({ name: 'Alice' })
  const found = await Client.find({ _id: alice._id })
  const bob = await Client.findOneAndUpdate({ _id: alice._id }, { name: 'Bob' }, { new: true, runValidators: true })
  let refused = 'accepted'
  try { await Client.create({}) } catch (error) { refused = error.name }
  await Client.deleteOne({ _id: alice._id })
  await Client.create({ name: 'Carol' })
  return { found: found.length, updated: bob.name, refused, names: (await Client.find()).map(c => c.name) }
}
async function main () {
  await mongoose.connect('mongodb://db/contract', options)
  const result = process.argv[2] === 'read' ? { names: (await Client.find()).map(c => c.name) } : await crud()
  console.log('RESULT ' + JSON.stringify({ version: mongoose.version, ...result }))
  await mongoose.disconnect()
}
main().catch(error => { console.error('FAILED', error); process.exit(1) })
"""


@pytest.fixture(scope="module")
def images(bases: Bases) -> dict[str, str]:
    """The mongo and node stand-in images, built when missing or stale: name -> image."""
    bases.ensure(("mongo", "node"))
    return {name: by_name(name).image for name in ("mongo", "node")}


def _start_mongo(sandbox: Sandbox, image: str, network: Network, name: str, **options: object) -> SandboxContainer:
    """A mongo stand-in reachable as ``db``, returned once it says it waits for connections."""
    endpoint = sandbox.client.api.create_endpoint_config(aliases=["db"])
    db = sandbox.run(image, name, network=network.name, networking_config={network.name: endpoint}, **options)
    wait_until(lambda: "waiting for connections" in db.logs(), timeout=60, pause=0.3, what="mongod listens")
    return db


def _client(
    sandbox: Sandbox, network: Network, name: str, shell: str, volumes: dict[str, dict[str, str]]
) -> dict[str, object]:
    """Run ``shell`` in a node stand-in container; the client's RESULT line, decoded."""
    image = by_name("node").image
    container = sandbox.run(image, name, ["sh", "-c", shell], network=network.name, volumes=volumes)
    exit_code, output = container.wait(timeout=_NPM_SECONDS), container.logs()
    assert exit_code == 0, output
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    assert lines, output
    return dict(json.loads(lines[-1].removeprefix("RESULT ")))


def _script(folder: Path) -> dict[str, dict[str, str]]:
    """The client script written to ``folder``, as the volume that shows it at /client."""
    (folder / "client.js").write_text(_CLIENT, encoding="utf-8")
    return {str(folder): {"bind": "/client", "mode": "ro"}}


def _install(mongoose: str) -> str:
    return f"cd /app && npm init -y >/dev/null && npm install --no-audit --no-fund {mongoose} >/dev/null && "


_RUN = "NODE_PATH=/app/node_modules node /client/client.js"


@pytest.mark.parametrize("mongoose", ["mongoose@4.11", "mongoose@5", "mongoose@6"])
def test_mongoose_crud(sandbox: Sandbox, images: dict[str, str], tmp_path: Path, mongoose: str) -> None:
    """mongoose creates, finds by ObjectId, updates, refuses a missing required field and deletes."""
    network = sandbox.network("rede")
    _start_mongo(sandbox, images["mongo"], network, "db")
    result = _client(sandbox, network, "client", "mkdir /app && " + _install(mongoose) + _RUN, _script(tmp_path))
    assert str(result.pop("version")).startswith(mongoose.split("@")[1] + "."), result
    assert result == {"found": 1, "updated": "Bob", "refused": "ValidationError", "names": ["Carol"]}


def test_data_survives_restart_on_volume(sandbox: Sandbox, images: dict[str, str], tmp_path: Path) -> None:
    """Documents written to a mongo on a /data/db volume are read back by a new mongo on that volume."""
    network, data, modules = sandbox.network("rede"), sandbox.volume("dados"), sandbox.volume("modulos")
    on_data = {data.name: {"bind": "/data/db", "mode": "rw"}}
    volumes = {**_script(tmp_path), modules.name: {"bind": "/app", "mode": "rw"}}
    first = _start_mongo(sandbox, images["mongo"], network, "db-first", volumes=on_data)
    written = _client(sandbox, network, "client-write", _install("mongoose@4.11") + _RUN, volumes)
    assert written["names"] == ["Carol"], written
    sandbox.client.containers.get(first.id).remove(force=True)
    _start_mongo(sandbox, images["mongo"], network, "db-second", volumes=on_data)
    read = _client(sandbox, network, "client-read", _RUN + " read", volumes)
    assert read["names"] == ["Carol"], read


def test_options_without_mongod_mean_mongod(sandbox: Sandbox, images: dict[str, str]) -> None:
    """``docker run mongo --port 27018`` runs mongod on that port, as the mongodb user owning /data/db."""
    db = sandbox.run(images["mongo"], "db", ["--port", "27018", "--smallfiles"])
    wait_until(lambda: "waiting for connections on port 27018" in db.logs(), timeout=60, pause=0.3, what="mongod")
    assert db.exec(["stat", "-c", "%U", "/data/db", "/proc/1"]).output.split() == ["mongodb", "mongodb"]
