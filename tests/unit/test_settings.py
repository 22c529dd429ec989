"""The environment is read in one place: every DOCKGRADE_ variable's parsing, and no other module reading one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dockgrade.core import settings
from dockgrade.core.settings import LOOPBACK, Settings

SOURCE = Path(__file__).resolve().parents[2] / "src" / "dockgrade"
# The git token stays where git runs (no settings object may hold a secret); compose gets a filtered environment.
READERS_ALLOWED = {"core/settings.py", "batch/git_command.py", "compose/policy.py"}  # relative to src/dockgrade


def test_nothing_said_means_the_defaults() -> None:
    given = Settings.from_environment({})
    assert given == Settings()
    assert (given.egress, given.publish_ip, given.classroom, given.classroom_notices) == (True, LOOPBACK, None, True)


def test_each_variable_is_read() -> None:
    given = Settings.from_environment(
        {
            "DOCKGRADE_LANG": " en ",
            "DOCKGRADE_ASSIGNMENT": "curso",
            "DOCKGRADE_IMAGES": "standin",
            "DOCKGRADE_EGRESS": "Off",
            "DOCKGRADE_EGRESS_ALLOW": " git.escola.test ",
            "DOCKGRADE_PUBLISH_IP": "0.0.0.0",
            "DOCKGRADE_PROBE_HOST": "10.0.0.2",
            "DOCKGRADE_VIEW": "instructor",
            "DOCKGRADE_CLASSROOM": "0",
            "DOCKGRADE_CLASSROOM_NOTICES": "0",
            "DOCKGRADE_LIMIT_BUILD_SECONDS": "600",
            "DOCKGRADE_LIMIT_": "ignored",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
        }
    )
    assert given == Settings(
        language="en",
        assignment="curso",
        images="standin",
        egress=False,
        egress_allow="git.escola.test",
        publish_ip="0.0.0.0",
        probe_host="10.0.0.2",
        view="instructor",
        classroom=False,
        classroom_notices=False,
        limits={"build_seconds": "600"},
        ci=True,
        github_actions=True,
    )


@pytest.mark.parametrize("value", ["", "off", "0", "no", "maybe"])
def test_a_switch_is_on_only_when_said_so(value: str) -> None:
    assert Settings.from_environment({"CI": value}).ci is False


@pytest.mark.parametrize(("value", "on"), [("", True), ("on", True), ("maybe", True), (" OFF ", False), ("0", False)])
def test_the_egress_is_off_only_when_said_so(value: str, on: bool) -> None:
    """The safe default stays unless switched off in so many words: a typo does not open the network."""
    assert Settings.from_environment({"DOCKGRADE_EGRESS": value}).egress is on


def test_no_other_module_reads_the_environment() -> None:
    """A new setting goes into settings.py (and the README's table), not into the module that needs it."""
    reading = re.compile(r"environ\.get\(|environ\[|getenv\(")
    readers = sorted(
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if path.relative_to(SOURCE).as_posix() not in READERS_ALLOWED
        and reading.search(path.read_text(encoding="utf-8"))
    )
    assert readers == []


def test_the_readme_lists_every_setting() -> None:
    readme = (SOURCE.parents[1] / "README.md").read_text(encoding="utf-8")
    names = [value for key, value in vars(settings).items() if key.startswith("ENV_") or key == "LIMIT_PREFIX"]
    assert names
    assert [name for name in names if f"`{name}" not in readme] == []
