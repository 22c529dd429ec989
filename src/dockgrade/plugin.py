"""The pytest glue: options, fixtures for the engine, images and sandboxes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from dockgrade import messages
from dockgrade.bases import Bases
from dockgrade.errors import DockerUnavailable
from dockgrade.images import ENV_MODE, ImageMode, ImageResolver, mode_from_env
from dockgrade.sandbox import Sandbox, connect, sweep


def pytest_addoption(parser: pytest.Parser) -> None:
    """The options students, CI and instructors use."""
    group = parser.getgroup("dockgrade")
    group.addoption("--submission", default=None, help="the student's repository (default: exercises/)")
    group.addoption(
        "--images",
        default=None,
        choices=[mode.value for mode in ImageMode],
        help=f"official images, offline stand-ins, or auto (default: ${ENV_MODE} or auto)",
    )
    group.addoption("--lang", default=None, choices=list(messages.LANGUAGES), help="language of the feedback")


def pytest_configure(config: pytest.Config) -> None:
    """Apply the language early so every message of the run uses it."""
    config.addinivalue_line("markers", "docker: needs a reachable Docker engine")
    if language := config.getoption("--lang"):
        messages.set_language(language)


def running_in_ci() -> bool:
    """CI must fail, never skip, when the engine is missing."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def docker_client() -> docker.DockerClient:
    """A client for the engine; skips locally when none answers, fails in CI."""
    try:
        client = connect()
    except DockerUnavailable as error:
        if running_in_ci():
            pytest.fail(str(error), pytrace=False)
        pytest.skip(str(error))
    sweep(client)
    return client


@pytest.fixture(scope="session")
def image_mode(pytestconfig: pytest.Config) -> ImageMode:
    """The image mode from ``--images`` or the environment."""
    option = pytestconfig.getoption("--images")
    return ImageMode(option) if option else mode_from_env()


@pytest.fixture(scope="session")
def bases(docker_client: docker.DockerClient) -> Bases:
    """The stand-in builder for this engine."""
    return Bases(docker_client)


@pytest.fixture(scope="session")
def image_resolver(docker_client: docker.DockerClient, image_mode: ImageMode, bases: Bases) -> ImageResolver:
    """Resolves official image names to official images or stand-ins, recording substitutions."""
    return ImageResolver(docker_client, image_mode, bases)


@pytest.fixture(scope="session")
def course_images(image_resolver: ImageResolver) -> ImageResolver:
    """Every official image the course names is usable (built as stand-ins where needed)."""
    image_resolver.ensure_course_images()
    return image_resolver


@pytest.fixture
def sandbox(docker_client: docker.DockerClient) -> Iterator[Sandbox]:
    """A sandbox for one test: everything it creates is removed at teardown."""
    with Sandbox(docker_client) as box:
        yield box


@pytest.fixture(scope="module")
def module_sandbox(docker_client: docker.DockerClient) -> Iterator[Sandbox]:
    """A sandbox shared by a module's tests, so one image build serves them all."""
    with Sandbox(docker_client, allowed_root=Path.cwd()) as box:
        yield box
