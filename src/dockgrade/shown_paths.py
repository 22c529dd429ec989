"""Paths as a student may read them: relative to their submission, never the grading machine's own.

Messages name the files a student wrote (``web/Dockerfile``); a path outside the submission is shown
by its last part only (``…/fora``), so no report reveals where the grader keeps its files.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

OUTSIDE = "…"
# The sandbox's scratch folders (the rewritten compose file lives there): ``<tmp>/dockgrade-<run>-<x>/<n>-<name>/``.
_SCRATCH = re.compile(re.escape(tempfile.gettempdir()) + r"/dockgrade-[\w.-]+/(?:\d+-[\w.-]+/)?")


def shown_path(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it (``.`` for ``root`` itself), else ``…/<last part>``."""
    absolute = Path(os.path.abspath(Path(root) / path))
    anchor = Path(os.path.abspath(root))
    if absolute.is_relative_to(anchor):
        return absolute.relative_to(anchor).as_posix() or "."
    return f"{OUTSIDE}/{absolute.name}" if absolute.name else OUTSIDE


def hide_host_paths(text: str, roots: Iterable[Path]) -> str:
    """``text`` with every ``root`` prefix (and its resolved form) cut down to a submission-relative path, and the
    sandbox's scratch folders left out (``docker-compose.dockgrade.yml``, not where it lives)."""
    for prefix in sorted({form for root in roots for form in _forms(root)}, key=len, reverse=True):
        text = text.replace(prefix + "/", "").replace(prefix, ".")
    return _SCRATCH.sub("", text)


def _forms(root: Path) -> set[str]:
    forms = {os.path.abspath(root), os.path.realpath(root)}
    return {form for form in forms if form not in ("/", "")}
