"""Headless Chromium for tests that must see a page rendered (Debian's chromium, installed by ci/setup.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str:
    """The browser's path; skips locally when there is none, fails in CI."""
    # Debian's chromium (ci/setup.sh); GitHub's hosted runners ship Google Chrome instead.
    found = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is missing: ci/setup.sh installs it")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    return found


def run(browser: str, profile: Path, *args: str) -> str:
    """Run headless with the flags this machine's closed network needs; returns stdout (e.g. --dump-dom)."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    command += ["--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]
    command += ["--window-size=1200,2000", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout
