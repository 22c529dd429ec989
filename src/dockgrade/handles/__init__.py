"""Handles on the things under test, one per kind, each probe bounded in time and bytes.

``Container`` (a container the grader started from the student's image), ``ScriptContainer`` (one the
student's run.sh started, by the name it gave it), ``Service`` (a compose service, one replica): each with
``get``/``request`` where it publishes ports, ``logs(until=…)``, ``exec``, ``file`` and ``resolves``.
"""

from __future__ import annotations

from dockgrade.handles.container import Container
from dockgrade.handles.script_container import ScriptContainer
from dockgrade.handles.service import Service

__all__ = ["Container", "ScriptContainer", "Service"]
