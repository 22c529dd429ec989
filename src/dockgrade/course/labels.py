"""Image labels as students write them, typos included."""

from __future__ import annotations

import difflib
from collections.abc import Mapping


def near_miss(labels: Mapping[str, str], key: str) -> str | None:
    """A label key that looks like a misspelling of ``key`` (``mantainer`` for ``maintainer``), if any."""
    candidates = [name for name in labels if name != key]
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
    return close[0] if close else None
