"""Script checks that need no engine: a mount's source shown as the student wrote it, the step that shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.core.errors import CheckFailed
from dockgrade.script.checks import require_showing, shown_source
from dockgrade.script.commands import parse_script
from dockgrade.script.transcript import Step

IFCONFIG = "docker container exec container4 ifconfig"


def ifconfig_step(exit_code: int, output: str) -> Step:
    return Step(parse_script(IFCONFIG).commands[0], exit_code, output)


def test_mount_source_is_shown_as_the_student_wrote_it(tmp_path: Path) -> None:
    """A bind source inside the submission is shown relative to it; the stand-in of a missing folder by its name."""
    root = tmp_path / "entrega"
    assert shown_source(str(root / "ex-volume" / "html"), root) == "ex-volume/html/"
    scratch = tmp_path / "dockgrade-abc123-xyz" / "0-not-found"
    assert shown_source(str(scratch), root) == "not-found/ (pasta que não existe na sua entrega)"
    assert shown_source("dados", root) == "dados"


def test_a_listing_that_shows_the_text_counts_whatever_its_exit_code() -> None:
    """busybox's ifconfig exits 1 when another container's interface vanishes mid-listing: not the student's."""
    vanished = ifconfig_step(1, "docker0   Link encap:Ethernet\nifconfig: veth1: error fetching interface information")
    assert require_showing([vanished], IFCONFIG, "docker0") is vanished


def test_without_the_text_the_first_success_or_the_failure_is_reported() -> None:
    """No step shows it: a successful step is returned for the grader's own message, a failure is shown."""
    quiet = ifconfig_step(0, "lo        Link encap:Local Loopback")
    assert require_showing([quiet], IFCONFIG, "docker0") is quiet
    with pytest.raises(CheckFailed, match="código 1"):
        require_showing([ifconfig_step(1, "sh: ifconfig: not found")], IFCONFIG, "docker0")
