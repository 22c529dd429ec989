"""Contract tests of the python stand-in with the dependencies course-era students pinned.

The official ``python:3.6`` image installs ``psycopg2==2.7.1`` and ``bottle==0.12.13``; the stand-in's Python
3.11 cannot, so its pip swaps them for the nearest working version and prints one line each, which
``dockgrade.pins`` reads back for the reports. Run against the stand-in image itself, whatever the image
mode; pip reaches the package index the machine is configured for.
"""

from __future__ import annotations

import pytest

from dockgrade.offline import pins
from dockgrade.offline.bases import Bases
from dockgrade.offline.recipes import by_name
from dockgrade.runtime.sandbox import Sandbox

pytestmark = pytest.mark.docker

_IMPORTS = "python -c 'import bottle, psycopg2, redis; print(\"versions\", bottle.__version__, psycopg2.__version__)'"


@pytest.fixture(scope="module")
def python(bases: Bases) -> str:
    """The python stand-in image, built when missing or stale."""
    bases.ensure(["python"])
    return by_name("python").image


def _sh(sandbox: Sandbox, image: str, script: str) -> tuple[int, str]:
    return sandbox.run_to_completion(image, "pins", ["sh", "-c", script])


def test_course_pins_install_with_nearest_working_versions(sandbox: Sandbox, python: str) -> None:
    """The course's app.sh line installs, imports, and says which pins were swapped (redis 2.10.5 is not)."""
    script = f"set -e; pip install bottle==0.12.13 psycopg2==2.7.1 redis==2.10.5; {_IMPORTS}"
    exit_code, output = _sh(sandbox, python, script)
    assert exit_code == 0, output
    assert "versions 0.12.22 2.9.2" in output, output
    assert pins.substituted(output) == [("bottle==0.12.13", "bottle==0.12.22"), ("psycopg2==2.7.1", "psycopg2==2.9.2")]


@pytest.mark.parametrize(
    ("install", "psycopg2"),
    [
        ("pip3 install --no-binary psycopg2 psycopg2==2.8.4 bottle==0.12.13 redis==3.5.3", "psycopg2==2.8.4"),
        (
            "printf 'psycopg2==2.8.6\\nbottle==0.12.19\\nredis==3.0.1\\n' > /tmp/r.txt; "
            "python3 -m pip install --no-binary :all: -r /tmp/r.txt",
            "psycopg2==2.8.6",
        ),
    ],
    ids=["pip3-no-binary-psycopg2", "python3-m-pip-no-binary-all-requirements"],
)
def test_source_builds_use_the_toolchain(sandbox: Sandbox, python: str, install: str, psycopg2: str) -> None:
    """Like the official full image, gcc and libpq's headers compile psycopg2 from source (``--no-binary``)."""
    exit_code, output = _sh(sandbox, python, f"set -e; {install}; {_IMPORTS}")
    assert exit_code == 0, output
    assert "versions 0.12.22 2.9.2" in output, output
    assert (psycopg2, "psycopg2==2.9.2") in pins.substituted(output), output
    assert "Processing /opt/dockgrade/wheels" not in output, "--no-binary must compile, not take the prebuilt wheel"


def test_pins_that_work_are_left_alone(sandbox: Sandbox, python: str) -> None:
    """A pin that exists for Python 3.11 (or a range admitting one) is installed as written, with no swap."""
    script = f"set -e; pip install psycopg2-binary==2.9.5 'bottle>=0.12' redis==3.0.1; {_IMPORTS}"
    exit_code, output = _sh(sandbox, python, script)
    assert exit_code == 0, output
    assert pins.substituted(output) == [], output


def test_build_failures_are_recognised_as_offline(sandbox: Sandbox, python: str) -> None:
    """pip's words for a dependency that cannot be built are the ones graders read as "not runnable offline"."""
    script = (
        "mkdir -p /tmp/quebrado && printf 'raise SystemExit(\"sem suporte a este Python\")\\n' > /tmp/quebrado/setup.py"
        " && pip install /tmp/quebrado"
    )
    exit_code, output = _sh(sandbox, python, script)
    assert exit_code != 0, output
    assert pins.failed_offline(output), output
