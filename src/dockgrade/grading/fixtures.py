"""Fixtures graders and tests use: engine, images, sandboxes, the submission and its builds."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path

import docker
import pytest

from dockgrade.compose import final_project
from dockgrade.compose.command import ComposeCommand
from dockgrade.compose.command import detect as detect_compose
from dockgrade.compose.project import ComposeProject
from dockgrade.core import messages
from dockgrade.core.errors import BuildFailed, DockerUnavailable, ImageUnavailable, Missing, Refused
from dockgrade.core.settings import Settings
from dockgrade.course import catalogue
from dockgrade.course.exercise import Exercise
from dockgrade.grading.state import RunState, run_state
from dockgrade.offline.bases import Bases
from dockgrade.offline.images import ImageMode, ImageResolver, mode_from_env
from dockgrade.offline.recipes import course_image_like, normalise_reference, split_reference
from dockgrade.runtime import build_context, egress
from dockgrade.runtime.dockerfile import base_images_of
from dockgrade.runtime.sandbox import BuiltImage, Sandbox, connect, dockerfile_name, sweep
from dockgrade.script import policy
from dockgrade.script.commands import parse_script
from dockgrade.script.interpreter import ImageProvider, Interpreter
from dockgrade.script.source import SCRIPT, script_source

BuildImage = Callable[..., BuiltImage]


def running_in_ci() -> bool:
    """CI must fail, never skip, when the engine is missing."""
    return Settings.from_environment().ci


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
def image_resolver(
    docker_client: docker.DockerClient, image_mode: ImageMode, bases: Bases, pytestconfig: pytest.Config
) -> ImageResolver:
    """Resolves official image names to official images or stand-ins, recording substitutions."""
    resolver = ImageResolver(docker_client, image_mode, bases, on_ensured=partial(egress.learn, docker_client))
    run_state(pytestconfig).resolvers.append(resolver)
    return resolver


@pytest.fixture(scope="session")
def course_images(image_resolver: ImageResolver) -> ImageResolver:
    """Every official image the course names is usable (built as stand-ins where needed)."""
    image_resolver.ensure_course_images()
    return image_resolver


@pytest.fixture(scope="session")
def submission_root(pytestconfig: pytest.Config) -> Path:
    """The graded repository: ``--submission`` or this project's reference solutions."""
    return run_state(pytestconfig).submission.root


@pytest.fixture
def sandbox(docker_client: docker.DockerClient, submission_root: Path) -> Iterator[Sandbox]:
    """A sandbox for one test: everything it creates is removed at teardown."""
    with Sandbox(docker_client, allowed_root=submission_root) as box:
        yield box


@pytest.fixture(scope="module")
def module_sandbox(docker_client: docker.DockerClient, submission_root: Path) -> Iterator[Sandbox]:
    """A sandbox shared by a module's tests, so one image build serves them all."""
    with Sandbox(docker_client, allowed_root=submission_root) as box:
        yield box


@pytest.fixture(scope="module")
def exercise(request: pytest.FixtureRequest) -> Exercise:
    """The exercise a grader module declares in its ``EXERCISE`` constant."""
    return catalogue.exercise(request.module.EXERCISE)


@pytest.fixture(scope="module")
def exercise_dir(exercise: Exercise, pytestconfig: pytest.Config) -> Path:
    """The exercise's folder inside the submission (located once per run)."""
    state: RunState = run_state(pytestconfig)
    location = state.locate(exercise)
    if location is None:
        raise Missing(state.missing_message(exercise), exercise.folder, str(state.submission.root))
    return location.path


@pytest.fixture(scope="module")
def build(module_sandbox: Sandbox, exercise_dir: Path, image_resolver: ImageResolver, exercise: Exercise) -> BuildImage:
    """Build the exercise's Dockerfile once per distinct set of build args; failures are cached too."""
    cache: dict[tuple[tuple[str, str], ...], BuiltImage | Exception] = {}

    def build_image(build_args: Mapping[str, str] | None = None) -> BuiltImage:
        key = tuple(sorted((build_args or {}).items()))
        if key not in cache:
            cache[key] = _build_or_error(module_sandbox, exercise_dir, image_resolver, dict(key), len(cache))
        outcome = cache[key]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return build_image


def _build_or_error(
    sandbox: Sandbox, folder: Path, resolver: ImageResolver, build_args: dict[str, str], number: int
) -> BuiltImage | Exception:
    dockerfile = folder / dockerfile_name(folder)
    if not dockerfile.is_file():
        return Missing(messages.text("build.no_dockerfile", folder=folder.name), "Dockerfile", str(folder))
    problem = build_context.first_problem(folder, sandbox.allowed_root, sandbox.limits, dockerfile.name, build_args)
    if problem is not None:  # before reading the Dockerfile: it may be huge, or a link out of the submission
        return Refused(problem.message, problem.what)
    unknown = []
    for reference in base_images_of(dockerfile, build_args):
        # An unknown base is left for the build to reject in the engine's own words (a FROM typo is the student's).
        try:
            resolver.ensure(reference)
        except ImageUnavailable:
            unknown.append(reference)
    try:
        built = sandbox.build(folder, f"{folder.name}-{number}", build_args)
    except BuildFailed as error:
        return _mistyped_base(error, unknown)
    except Exception as error:
        return error
    resolver.record_dependencies(built.log)  # a `RUN pip install` on the python stand-in may have swapped a pin
    return built


def _mistyped_base(error: BuildFailed, unknown: list[str]) -> BuildFailed:
    """A build that failed on a base named like a course image (``FROM ngnix``) says so, rather than quoting the
    engine's failed lookup; any other failure keeps the engine's words."""
    for reference in unknown:
        meant = course_image_like(reference)
        if meant is not None:
            message = messages.text("build.mistyped_base", image=reference)
            return BuildFailed(message, error.log_tail, hint=messages.text("build.mistyped_base_hint", image=meant))
    return error


@pytest.fixture(scope="module")
def exercise_images(
    module_sandbox: Sandbox, image_resolver: ImageResolver, pytestconfig: pytest.Config
) -> ImageProvider:
    """Builds, on demand, the image of an earlier exercise that a script names (``ex-simple-build``…)."""

    def provide(name: str) -> str | None:
        repository = split_reference(normalise_reference(name))[0]
        exercise = next((item for item in catalogue.EXERCISES if repository in item.images), None)
        location = run_state(pytestconfig).locate(exercise) if exercise else None
        if location is None:
            return None
        built = _build_or_error(module_sandbox, location.path, image_resolver, {}, 0)
        return None if isinstance(built, Exception) else built.tag

    return provide


Interpret = Callable[..., Interpreter]


@pytest.fixture(scope="module")
def interpret(
    module_sandbox: Sandbox,
    image_resolver: ImageResolver,
    exercise_dir: Path,
    submission_root: Path,
    exercise_images: ImageProvider,
    exercise: Exercise,
    pytestconfig: pytest.Config,
) -> Interpret:
    """Run the exercise's run.sh (else the lecture's command on its files) through the safe interpreter once per
    module; returns the Interpreter.

    Keyword arguments (``registry``, ``allow_host_network``, ``foreground_seconds``) go to the Interpreter.
    """
    done: list[Interpreter] = []

    def run(**options: object) -> Interpreter:
        if not done:
            source = script_source(exercise, exercise_dir, module_sandbox.limits, submission_root)
            interpreter = Interpreter(
                module_sandbox,
                image_resolver,
                submission_root,
                provider=exercise_images,
                **options,  # type: ignore[arg-type]
            )
            script = parse_script(source.text, exercise_dir, submission_root)
            if fetches := policy.script_fetches(script):  # before any line runs, like the other refusals
                raise Refused(policy.refused_message(fetches), SCRIPT)
            run_state(pytestconfig).unexecuted[exercise.id] = script.skipped
            interpreter.run(script)
            done.append(interpreter)
        return done[0]

    return run


StartCompose = Callable[..., ComposeProject]


@pytest.fixture(scope="session")
def compose_command() -> ComposeCommand:
    """The compose implementation on this machine (v2 preferred)."""
    return detect_compose()


@pytest.fixture(scope="module")
def image(build: BuildImage) -> BuiltImage:
    """The exercise's image, built without build args (a grader needing others defines its own)."""
    return build()


@pytest.fixture(scope="session")
def shared_projects(
    docker_client: docker.DockerClient,
    submission_root: Path,
    compose_command: ComposeCommand,
    image_resolver: ImageResolver,
    pytestconfig: pytest.Config,
) -> Iterator[final_project.SharedProjects]:
    """The final projects (sections 8 and 9) every lecture step graded on them shares: one ``up`` for all."""
    shared = final_project.SharedProjects(
        lambda: Sandbox(docker_client, allowed_root=submission_root), compose_command, image_resolver
    )
    final_project.install_shared(pytestconfig, shared)
    yield shared
    shared.release()


@pytest.fixture(scope="module")
def compose(
    module_sandbox: Sandbox,
    compose_command: ComposeCommand,
    exercise_dir: Path,
    image_resolver: ImageResolver,
    exercise: Exercise,
    shared_projects: final_project.SharedProjects,
    pytestconfig: pytest.Config,
) -> StartCompose:
    """``compose(*up_args, files=None)``: the exercise's project, prepared and ``up``, once per distinct call.

    The returned project's ``started`` holds the ``up`` result; a refused or invalid project raises
    (the student's failure) from ``prepare``. A lecture step graded on its final project gets the project every
    step shares (up once, as the last lecture brings it up) unless it asks for other files or environment.
    """
    projects: dict[tuple[object, ...], ComposeProject] = {}
    final = final_project.graded_on(run_state(pytestconfig).locate, exercise)

    def start(
        *up_args: str, files: list[str] | None = None, environment: dict[str, dict[str, str]] | None = None
    ) -> ComposeProject:
        if final is not None and files is None and environment is None:
            return shared_projects.get(final, up_args)
        key = (up_args, tuple(files or ()), repr(environment))
        if key not in projects:
            project = ComposeProject(
                module_sandbox, compose_command, exercise_dir, image_resolver, files=files, environment=environment
            )
            projects[key] = project
            project.prepare()
            project.started = project.up(*up_args)
        return projects[key]

    return start


@pytest.fixture(scope="module")
def project(compose: StartCompose) -> ComposeProject:
    """The exercise's compose project, up with no extra arguments (a grader scaling services defines its own)."""
    return compose()
