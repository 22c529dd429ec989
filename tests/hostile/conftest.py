"""The hostile corpus runs real gradings against a real engine."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder needs an engine (bar the corpus's own bookkeeping)."""
    for item in items:
        if "hostile" in item.path.parts and "docker_client" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.docker)
