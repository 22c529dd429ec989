#!/bin/sh
# One-time setup shared by people and CI: a Docker engine (+ compose) and dockgrade itself.
# Idempotent: a second run only checks. Stand-in base images are built by the test
# session itself (or `dockgrade bases`) when official images cannot be pulled.
set -eu
cd "$(dirname "$0")/.."
ci/engine.sh
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! command -v mmdebstrap >/dev/null 2>&1; then
    # Only needed to build stand-ins offline; hosts with a registry never use it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! command -v chromium >/dev/null 2>&1; then
    # Only the HTML report's test uses it, to open the page in headless Chromium.
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! command -v xmllint >/dev/null 2>&1; then
    # The JUnit tests check with libxml2 that a report holding a log's control characters is well-formed.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libxml2-utils >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v -e '^WARNING: Running pip as' -e 'is ignored: it is neither' || true
