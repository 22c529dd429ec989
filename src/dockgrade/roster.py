"""An instructor's roster: one student per line, with where their repository is.

Accepted: a CSV with a header (``student,repo[,ref][,deadline]``) or plain lines
``student repo [ref]`` (``#`` comments and blank lines ignored). ``repo`` is a git URL, a
``file://`` URL or a local path (a git repository or a plain folder).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

_SAFE_ID = re.compile(r"[^A-Za-z0-9_.@-]+")


@dataclass(frozen=True)
class Entry:
    """One student's line of the roster."""

    student: str
    repo: str
    ref: str = ""
    deadline: str = ""

    @property
    def slug(self) -> str:
        """The student id made safe as a file name."""
        return _SAFE_ID.sub("-", self.student).strip("-.") or "aluno"


def parse(text: str) -> list[Entry]:
    """Entries of a roster text, CSV with header or whitespace-separated lines."""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and "," in lines[0] and "student" in lines[0].lower():
        return _from_csv("\n".join(lines))
    return [_from_words(line.split()) for line in lines if len(line.split()) >= 2]


def shard(entries: list[Entry], index: int, count: int) -> list[Entry]:
    """The entries of shard ``index`` of ``count`` (1-based): every count-th student from the index-th.

    Each student lands in exactly one of the shards, whatever the roster's size, and shards stay even.
    """
    return entries[index - 1 :: count]


def parse_shard(spec: str) -> tuple[int, int]:
    """``"K/N"`` as (K, N), with 1 <= K <= N; ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", spec)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ValueError(f"shard {spec!r}: expected K/N with 1 <= K <= N, e.g. 2/4")
    return int(match[1]), int(match[2])


def load(path: Path) -> list[Entry]:
    """Entries of a roster file; a student listed twice keeps the last line."""
    entries = {entry.student: entry for entry in parse(path.read_text(encoding="utf-8"))}
    return list(entries.values())


def _from_csv(text: str) -> list[Entry]:
    rows = csv.DictReader(io.StringIO(text))
    entries = []
    for row in rows:
        fields = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        if fields.get("student") and fields.get("repo"):
            entries.append(Entry(fields["student"], fields["repo"], fields.get("ref", ""), fields.get("deadline", "")))
    return entries


def _from_words(words: list[str]) -> Entry:
    return Entry(words[0], words[1], words[2] if len(words) > 2 else "")
