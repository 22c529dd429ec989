"""Test-suite hooks: a session that leaves a container, network or volume behind fails."""

from __future__ import annotations

import pytest

from dockgrade.runtime.labels import LABEL_OWNER
from dockgrade.runtime.sandbox import connect, owner_label


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After every fixture is torn down, nothing labelled as ours may remain on the engine."""
    try:
        client = connect(timeout=10)
    except Exception:
        return
    mine = {"label": f"{LABEL_OWNER}={owner_label()}"}
    left = [c.name for c in client.containers.list(all=True, filters=mine)]
    left += [n.name for n in client.networks.list(filters=mine)]
    left += [v.name for v in client.volumes.list(filters=mine)]
    if left:
        session.config.get_terminal_writer().line(f"dockgrade left Docker resources behind: {left}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
