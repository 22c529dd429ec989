#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu). See README.md.
# The Docker CLI is only a client here: the engine is remote (DOCKER_HOST in autograder.env).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends python3 python3-venv openssh-client docker.io >/dev/null
# Compose v2 (the CLI plugin) where Ubuntu packages it, else Compose v1; dockgrade takes either.
apt-get install -y -qq --no-install-recommends docker-compose-v2 >/dev/null 2>&1 ||
    apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
# dockgrade needs Python 3.11 or later (Ubuntu 22.04's python3 is 3.10).
python=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv >/dev/null
    python=python3.11
fi
"$python" -m venv /opt/dockgrade
/opt/dockgrade/bin/pip install --quiet --disable-pip-version-check /autograder/source/dockgrade paramiko PySocks
