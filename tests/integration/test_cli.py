"""The dockgrade command line, run as a student or CI would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docker

from dockgrade.offline.recipes import RECIPES
from tests.grading_run import ROOT, mutant

COURSE_IMAGES = [name for recipe in RECIPES for name in recipe.stands_for]

MUTANT = mutant("secao5/build-com-arg/valor-padrao-file")


def dockgrade(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "dockgrade.cli", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_grade_reports_failures_with_exit_code_1(docker_client: docker.DockerClient) -> None:
    """`dockgrade grade PATH --section 5` prints the score table and exits 1 when a check fails."""
    result = dockgrade("grade", str(MUTANT), "--section", "5")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "s5-e03-build-arg                         5/8" in result.stdout
    assert "esperado 'files', obtido 'file'" in result.stdout
    assert "Traceback" not in result.stdout


def test_grade_in_english(docker_client: docker.DockerClient, tmp_path: Path) -> None:
    """`--lang en` gives the same grading in English."""
    result = dockgrade("grade", str(MUTANT), "--section", "5", "--lang", "en")
    assert "expected 'files', not 'file'" in result.stdout
    assert "without --build-arg, the container prints S3_BUCKET=files" in result.stdout


def test_bases_warm_is_a_no_op(docker_client: docker.DockerClient) -> None:
    """`dockgrade bases --images standin` lists every course image and rebuilds nothing when warm."""
    dockgrade("bases", "--images", "standin")
    result = dockgrade("bases", "--images", "standin")
    assert result.returncode == 0, result.stderr
    assert "building" not in result.stdout
    assert "postgres:9.6" in result.stdout
    assert f"{len(COURSE_IMAGES)} images ready" in result.stdout


def test_usage_error_exit_code() -> None:
    """An unknown option is a usage error (exit 2), not a crash."""
    assert dockgrade("grade", "--images", "nope").returncode == 2
