"""The image mode setting and how a failed pull is classified."""

from __future__ import annotations

import pytest
from docker.errors import APIError
from requests.exceptions import ConnectionError as RequestsConnectionError

from dockgrade.offline.images import ImageMode, mode_from_env, registry_unreachable


@pytest.mark.parametrize(
    ("environ", "mode"),
    [
        ({}, ImageMode.AUTO),
        ({"DOCKGRADE_IMAGES": ""}, ImageMode.AUTO),
        ({"DOCKGRADE_IMAGES": "standin"}, ImageMode.STANDIN),
        ({"DOCKGRADE_IMAGES": " Official "}, ImageMode.OFFICIAL),
    ],
)
def test_mode_from_env(environ: dict[str, str], mode: ImageMode) -> None:
    """DOCKGRADE_IMAGES picks the mode, case and spaces forgiven, auto by default."""
    assert mode_from_env(environ) is mode


def test_unknown_mode_is_an_error() -> None:
    """A typo in the mode is reported with the valid choices, never silently ignored."""
    with pytest.raises(ValueError, match="auto, official, standin"):
        mode_from_env({"DOCKGRADE_IMAGES": "offline"})


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (APIError("x", explanation='Get "https://r/v2/": dial tcp: lookup r: no such host'), True),
        (APIError("x", explanation="manifest for nginx:9.9 not found: manifest unknown"), False),
        (RequestsConnectionError("timed out"), True),
    ],
)
def test_registry_unreachable(error: Exception, unreachable: bool) -> None:
    """Only network failures stop later pulls; a missing tag does not."""
    assert registry_unreachable(error) is unreachable
