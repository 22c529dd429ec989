"""s5-e06 push: dar a uma imagem um nome de registry e enviá-la (aqui, a um registry local)."""

from __future__ import annotations

import pytest

from dockgrade import (
    Container,
    ImageResolver,
    Interpret,
    Interpreter,
    Sandbox,
    Transcript,
    check,
    expect,
    expect_equal,
    say,
    split_reference,
)

EXERCISE = "s5-e06-push"
MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"


@pytest.fixture(scope="module")
def registry_container(module_sandbox: Sandbox, image_resolver: ImageResolver) -> Container:
    container = Container.run(module_sandbox, image_resolver.ensure("registry:2"), "registry", ports=[5000])
    container.get("/v2/", port=5000)
    return container


@pytest.fixture(scope="module")
def registry(registry_container: Container) -> str:
    return f"127.0.0.1:{registry_container.host_port(5000)}"


@pytest.fixture(scope="module")
def runner(interpret: Interpret, registry: str) -> Interpreter:
    return interpret(registry=registry)


@pytest.fixture(scope="module")
def transcript(runner: Interpreter) -> Transcript:
    return runner.transcript


@check(points=2)
def test_pushed(transcript: Transcript, registry: str) -> None:
    """o docker image push enviou a imagem ao registry"""
    pushes = transcript.of("push")
    expect(pushes, say("s5.e06.no_push"), hint=say("s5.e06.push_hint"))
    failed = [say("script.line_output", line=s.command.line, output=s.output.strip()) for s in pushes if s.exit_code]
    expect(not failed, say("s5.e06.push_failed", errors="; ".join(failed)), hint=say("s5.e06.tag_first_hint"))


@check(points=1, requires=["pushed"])
def test_pull_by_digest(
    runner: Interpreter, transcript: Transcript, registry: str, registry_container: Container, module_sandbox: Sandbox
) -> None:
    """a imagem enviada volta do registry pelo digest, com o mesmo IMAGE ID"""
    reference = transcript.of("push")[-1].command.positional[0]
    repository, tag = split_reference(runner.images.local_name(reference))
    path = repository.removeprefix(registry + "/")
    # The engine pushes to its own localhost; the grader probes its published port from here.
    manifest = f"/v2/{path}/manifests/{tag}"
    response = registry_container.request("HEAD", manifest, port=5000, headers={"Accept": MANIFEST_V2})
    expect_equal(response.status_code, 200, say("s5.e06.manifest", reference=reference))
    digest = response.headers["Docker-Content-Digest"]
    pulled = module_sandbox.client.images.pull(f"{repository}@{digest}")
    module_sandbox.track_image(f"{repository}@{digest}")
    expect_equal(pulled.id, runner.images.image_id(reference), say("s5.e06.pulled_id"))
