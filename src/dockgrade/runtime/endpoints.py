"""Where published ports are bound on the engine's host, and where the grader reaches them.

With a local engine both are 127.0.0.1: nothing a student runs is exposed beyond this machine.
An engine elsewhere (another host, or a test engine in its own network namespace) publishes on
its own interfaces, so batch grading sets ``DOCKGRADE_PUBLISH_IP`` and ``DOCKGRADE_PROBE_HOST``.
"""

from __future__ import annotations

from dockgrade.core.settings import Settings

LOOPBACK = "127.0.0.1"


def publish_ip() -> str:
    """The engine-side address published ports bind to."""
    return Settings.from_environment().publish_ip


def probe_host() -> str:
    """The address the grader uses to reach published ports."""
    return Settings.from_environment().probe_host


def url(port: int, path: str = "/") -> str:
    """``http://<probe host>:<port><path>``."""
    return f"http://{probe_host()}:{port}{path}"
