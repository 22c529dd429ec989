"""What would make the engine itself fetch from the network on a submission's behalf.

The engine runs in the grading machine's network namespace: an ``ADD http://127.0.0.1:…`` or a remote
build context (``https://…``, ``git@…``, ``github.com/x/y#branch``) would read the grader's own local
services (metadata endpoints, dashboards, a local registry) and hand their answer to the student.
The course never needs either (``COPY`` and ``RUN`` with the package managers do), so they are
refused before anything is built. Images (``FROM``, ``docker-image://``) are not fetches of this kind.
"""

from __future__ import annotations

import re

# A URL of any scheme, git over SSH (git@host:repo, user@host:path) and the bare GitHub form the engine accepts.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:", re.IGNORECASE)
_BARE_GIT = re.compile(r"^(?:github\.com|gitlab\.com|bitbucket\.org)/", re.IGNORECASE)
IMAGE_SCHEME = "docker-image://"


def is_remote(source: str) -> bool:
    """True when ``source`` (an ADD source, a build context, a file reference) names something on the network."""
    text = source.strip().strip("\"'")
    return bool(_SCHEME.match(text) or _SCP_LIKE.match(text) or _BARE_GIT.match(text))


def is_image(source: str) -> bool:
    """True for ``docker-image://…``: an image, fetched like any ``FROM``."""
    return source.strip().lower().startswith(IMAGE_SCHEME)
