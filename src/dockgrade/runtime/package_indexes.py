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

from dockgrade.core.errors import ExerciseConfigError
from dockgrade.core.settings import ENV_EGRESS_ALLOW, Settings
from dockgrade.offline import apt_sources

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)
_TOOL_SECONDS = 15
Runner = Callable[[list[str]], str]


def allowed_hosts(environ: Mapping[str, str] = os.environ, run: Runner | None = None) -> list[str]:
    """Every host a build or container may reach through the egress proxy, sorted and without repeats."""
    runner = run or _tool_output
    urls = [apt_sources.host_mirror() or "", *pip_index_urls(run), npm_registry(runner)]
    hosts = {host for host in (host_of(url) for url in urls) if host}
    hosts.update(instructor_hosts(environ))
    return sorted(hosts)


def instructor_hosts(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The hosts named in ``DOCKGRADE_EGRESS_ALLOW``; anything that is not a host name or an address is refused."""
    words = re.split(r"[\s,]+", Settings.from_environment(environ).egress_allow)
    bad = [word for word in words if word and not is_host(word)]
    if bad:
        raise ExerciseConfigError(f"{ENV_EGRESS_ALLOW}: not a host name or address: {', '.join(bad)}")
    return [word.lower() for word in words if word]


def is_address(word: str) -> bool:
    """True for an IP address (v4 or v6)."""
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return False
    return True


def is_host(word: str) -> bool:
    """True for a DNS name or an IP address (nothing that could add a line to the proxy's configuration)."""
    try:
        ipaddress.ip_address(word)
    except ValueError:
        return bool(_HOSTNAME.fullmatch(word))
    return True


def pip_index_urls(run: Runner | None = None) -> list[str]:
    """The index URLs pip is configured with (its files and ``PIP_*`` variables), plus pip's own default index.

    pip's own reader is used (a second Python per grading process costs a second under load); ``run`` answers
    ``pip config list`` where pip cannot be imported.
    """
    configured = [url for url in _pip_index_settings(run) if url.startswith(("http://", "https://"))]
    return [*configured, *_pip_default_index()]


def _pip_index_settings(run: Runner | None) -> list[str]:
    """Every value of an ``index-url`` or ``extra-index-url`` setting, whichever file or variable set it."""
    try:
        from pip._internal.configuration import Configuration  # pip's own reading of its files and variables
    except ImportError:
        listed = run([*_pip(), "config", "list"]) if run else ""
        pairs = [line.partition("=")[::2] for line in listed.splitlines()]
        return [word.strip("'\"") for key, value in pairs if _is_index_key(key) for word in value.split()]
    configuration = Configuration(isolated=False)
    try:
        configuration.load()
    except Exception:  # a broken pip file is pip's problem, not the grading's: only the default index then
        return []
    return [word for key, value in configuration.items() if _is_index_key(key) for word in str(value).split()]


def _is_index_key(key: str) -> bool:
    return key.rsplit(".", 1)[-1] in ("index-url", "extra-index-url")


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


def host_of(url: str) -> str:
    """The lower-case host an http(s) URL names ("" for anything else)."""
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
