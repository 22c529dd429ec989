"""The labels dockgrade puts on what it creates in Docker: which grading run, and which process on which host.

A module of their own because both the sandbox and the build cache (which the sandbox uses) need them.
"""

from __future__ import annotations

LABEL_RUN = "dockgrade.run"
LABEL_OWNER = "dockgrade.owner"
