"""A grading interrupted in the middle of a compose ``up`` leaves nothing: Ctrl-C and SIGTERM clean up at once;
after a SIGKILL the compose processes die with the grader and the next run's sweep removes the rest."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import docker
import pytest

from dockgrade.core.errors import GraderTimeout
from dockgrade.core.waiting import wait_until
from dockgrade.runtime.sandbox import sweep
from tests.grading_run import ROOT, grader_for
from tests.hostile.corpus import Case, leftovers, load_cases, marked_processes, materialise

# Its compose ``up`` builds an image whose RUN sleeps: a grading caught in the middle of ``up``.
ENDLESS_UP = next(case for case in load_cases() if case.name == "compose-endless-build")


def start_grading(case: Case, tmp_path: Path) -> subprocess.Popen[bytes]:
    """A child grading of the case, with time enough that only the signal ends its ``up``."""
    submission = materialise(case, tmp_path / "work")
    home = tmp_path / "home"
    home.mkdir()
    environment = {**case.environment(home, "-"), "DOCKGRADE_LIMIT_COMPOSE_SECONDS": "300"}
    command = [sys.executable, "-m", "pytest", str(grader_for(case.spec["exercise"])), "-p", "no:cacheprovider"]
    command += ["-q", "--rootdir", str(ROOT), "--submission", str(submission)]
    child = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    in_build = lambda: any("sleep" in process for process in marked_processes(case.mark)) or None  # noqa: E731
    wait_until(in_build, timeout=120, pause=0.2, what="the compose build")
    return child


def gone(client: docker.DockerClient, pid: int, case: Case, workdir: Path) -> bool:
    return not leftovers(client, pid, case.mark) and not marked_processes(case.mark, workdir)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupted_compose_up_leaves_nothing(docker_client: docker.DockerClient, tmp_path: Path, signum: int) -> None:
    """Interrupted during ``compose up``: the compose processes, the build, the project's resources all go."""
    case = Case(ENDLESS_UP.name, ENDLESS_UP.folder, ENDLESS_UP.spec)
    child = start_grading(case, tmp_path)
    child.send_signal(signum)
    child.wait(timeout=120)
    assert wait_until(lambda: gone(docker_client, child.pid, case, tmp_path) or None, timeout=30, pause=0.5)


def test_killed_compose_up_dies_and_is_swept(docker_client: docker.DockerClient, tmp_path: Path) -> None:
    """SIGKILLed during ``compose up``: compose dies with the grader; the next run's sweep removes the rest."""
    case = Case(ENDLESS_UP.name, ENDLESS_UP.folder, ENDLESS_UP.spec)
    child = start_grading(case, tmp_path)
    child.kill()
    child.wait(timeout=60)
    assert wait_until(lambda: not marked_processes(case.mark, tmp_path) or None, timeout=30, pause=0.5)

    left: list[str] = []

    def swept() -> bool:
        sweep(docker_client)
        left[:] = leftovers(docker_client, child.pid, case.mark)
        return not left

    try:
        wait_until(lambda: swept() or None, timeout=120, pause=1, what="the sweep")
    except GraderTimeout:
        pytest.fail(f"the sweep left {left}")
