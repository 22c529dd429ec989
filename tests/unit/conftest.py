"""Shared by the unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dockgrade.core import messages


@pytest.fixture(autouse=True)
def portuguese() -> Iterator[None]:
    """Every unit test starts in Portuguese (the default) and leaves the language as it found it."""
    previous = messages.language()
    messages.set_language("pt")
    yield
    messages.set_language(previous)
