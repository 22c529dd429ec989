"""Paths as a student may read them: relative to their submission, never the grading machine's own.

Messages name the files a student wrote (``web/Dockerfile``); a path outside the submission is shown
relative to it (``../fora``) or, when it shares nothing with it, as written (``/etc``): no report
spells out where the grader keeps its files.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

# The sandbox's scratch folders (the rewritten compose file lives there): ``<tmp>/dockgrade-<run>-<x>/<n>-<name>/``.
_SCRATCH = re.compile(re.escape(tempfile.gettempdir()) + r"/dockgrade-[\w.-]+/(?:\d+-[\w.-]+/)?")


def shown_path(path: str | Path, root: Path) -> str:
    """``path`` as the student may read it, naming nothing of where the grading machine keeps ``root``.

    Inside ``root``: relative to it (``web/Dockerfile``, ``.``). Outside and sharing nothing with it but
    ``/``: as it is (``/etc``, ``/var/run/docker.sock``, what the student wrote). Otherwise relative to
    ``root`` (``../fora``): the absolute form would spell out the grader's folders.
    """
    absolute = os.path.abspath(Path(root) / path)
    anchor = os.path.abspath(root)
    if Path(absolute).is_relative_to(anchor):
        return Path(absolute).relative_to(anchor).as_posix() or "."
    if os.path.commonpath([absolute, anchor]) == os.sep:
        return absolute
    return os.path.relpath(absolute, anchor)


def hide_host_paths(text: str, roots: Iterable[Path]) -> str:
    """``text`` with every ``root`` prefix (and its resolved form) cut down to a submission-relative path, and the
    sandbox's scratch folders left out (``docker-compose.dockgrade.yml``, not where it lives)."""
    for prefix in sorted({form for root in roots for form in _forms(root)}, key=len, reverse=True):
        text = text.replace(prefix + "/", "").replace(prefix, ".")
    return _SCRATCH.sub("", text)


def _forms(root: Path) -> set[str]:
    forms = {os.path.abspath(root), os.path.realpath(root)}
    return {form for form in forms if form not in ("/", "")}
