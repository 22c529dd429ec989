"""The package indexes a grading may reach: read from this host's own configuration, never written in code.

The Debian archive comes from the host's apt sources (as for the stand-ins), the Python index from pip's
configuration (or the default index of the pip dockgrade runs with), the npm registry from npm's configuration.
An instructor adds hosts with ``DOCKGRADE_EGRESS_ALLOW`` (comma- or space-separated names or addresses).
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlsplit

from dockgrade import apt_sources
from dockgrade.errors import ExerciseConfigError

ENV_ALLOW = "DOCKGRADE_EGRESS_ALLOW"
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_TOOL_SECONDS = 15
Runner = Callable[[list[str]], str]


def allowed_hosts(environ: Mapping[str, str] = os.environ, run: Runner | None = None) -> list[str]:
    """Every host a build or container may reach through the egress proxy, sorted and without repeats."""
    runner = run or _tool_output
    urls = [apt_sources.host_mirror() or "", *pip_index_urls(runner), npm_registry(runner)]
    hosts = {host for host in (_host_of(url) for url in urls) if host}
    hosts.update(instructor_hosts(environ))
    return sorted(hosts)


def instructor_hosts(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The hosts named in ``DOCKGRADE_EGRESS_ALLOW``; anything that is not a host name or an address is refused."""
    words = re.split(r"[\s,]+", environ.get(ENV_ALLOW, "").strip())
    bad = [word for word in words if word and not is_host(word)]
    if bad:
        raise ExerciseConfigError(f"{ENV_ALLOW}: not a host name or address: {', '.join(bad)}")
    return [word.lower() for word in words if word]


def is_host(word: str) -> bool:
    """True for a DNS name or an IP address (nothing that could add a line to the proxy's configuration)."""
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return bool(_HOSTNAME.fullmatch(word))
    return True


def pip_index_urls(run: Runner) -> list[str]:
    """The index URLs pip is configured with, plus pip's own default index and its file host."""
    configured = [
        url
        for key in ("global.index-url", "global.extra-index-url")
        for url in run([*_pip(), "config", "get", key]).split()
        if url.startswith(("http://", "https://"))
    ]
    return [*configured, *_pip_default_index()]


def npm_registry(run: Runner) -> str:
    """The registry npm is configured with on this host ("" without npm)."""
    if shutil.which("npm") is None:
        return ""
    return run(["npm", "config", "get", "registry"]).strip()


def _quiet_npm(scratch: str) -> dict[str, str]:
    """npm's environment for a question: no log file, no cache, no update check in the grader's home."""
    settings = {"logs_max": "0", "cache": scratch, "update_notifier": "false", "fund": "false", "audit": "false"}
    return {**os.environ, **{f"npm_config_{key}": value for key, value in settings.items()}}


def _pip_default_index() -> Iterable[str]:
    try:
        from pip._internal.models.index import PyPI  # the index pip itself falls back to
    except ImportError:  # a virtual environment without pip: only the configured indexes
        return []
    return [PyPI.url, f"https://{PyPI.file_storage_domain}/"]


def _pip() -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def _host_of(url: str) -> str:
    host = urlsplit(url).hostname if "://" in url else ""
    return host.lower() if host and is_host(host) else ""


def _tool_output(argv: list[str]) -> str:
    with tempfile.TemporaryDirectory(prefix="dockgrade-npm-") as scratch:
        try:
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=_TOOL_SECONDS, check=False, env=_quiet_npm(scratch)
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
    return done.stdout if done.returncode == 0 else ""
