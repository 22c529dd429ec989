"""Building in a sandbox without an engine: a cached layer lost to another grading's cleanup is built again."""

from __future__ import annotations

from unittest import mock

import pytest

from dockgrade.core.bounded import BuildOutcome
from dockgrade.runtime import sandbox as sandbox_module
from dockgrade.runtime.sandbox import Sandbox

LOST = "failed to set parent sha256:65e8: unknown parent image ID sha256:65e8"
LOST_DIGEST = (
    "failed to get digest sha256:f37e: open /var/lib/docker/image/overlay2/imagedb/content/sha256/f37e: "
    "no such file or directory"
)


def outcomes(monkeypatch: pytest.MonkeyPatch, *results: BuildOutcome) -> list[dict[str, object]]:
    """Make each build return the next of ``results``; return the arguments of every build."""
    calls: list[dict[str, object]] = []

    def fake_build(_api: object, _seconds: float, **arguments: object) -> BuildOutcome:
        calls.append(arguments)
        return results[len(calls) - 1]

    monkeypatch.setattr(sandbox_module, "bounded_build", fake_build)
    return calls


@pytest.mark.parametrize("lost", [LOST, LOST_DIGEST], ids=["unknown-parent", "digest-gone"])
def test_lost_cached_layer_is_built_again(monkeypatch: pytest.MonkeyPatch, lost: str) -> None:
    """A cached layer gone mid-build is the engine's race, not the student's Dockerfile: the build is repeated."""
    calls = outcomes(monkeypatch, BuildOutcome(None, lost, "Step 4/6"), BuildOutcome("sha256:ok", None, "Step 6/6"))
    with Sandbox(mock.MagicMock()) as sandbox:
        assert sandbox._build_retrying_lost_layers({"tag": "x"}).image_id == "sha256:ok"
    assert len(calls) == 2


def test_a_real_build_error_is_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    """A RUN that fails fails once: no retry hides or slows a student's mistake."""
    calls = outcomes(monkeypatch, BuildOutcome(None, "The command '/bin/sh -c exit 3' returned 3", "Step 2/3"))
    with Sandbox(mock.MagicMock()) as sandbox:
        assert sandbox._build_retrying_lost_layers({"tag": "x"}).image_id is None
    assert len(calls) == 1


def test_retries_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine that keeps losing layers ends as a failed build after three attempts, with the engine's words."""
    calls = outcomes(monkeypatch, *[BuildOutcome(None, LOST, "Step 4/6")] * 3)
    with Sandbox(mock.MagicMock()) as sandbox:
        outcome = sandbox._build_retrying_lost_layers({"tag": "x"})
    assert (outcome.image_id, outcome.error, len(calls)) == (None, LOST, 3)
