"""An instructor's roster: one student per line, with where their repository is.

Accepted: a CSV with a header (``student,repo[,ref][,deadline]``) or plain lines
``student repo [ref]`` (``#`` comments and blank lines ignored). ``repo`` is a git URL, a
``file://`` URL or a local path (a git repository or a plain folder).

Every field is untrusted (rosters are often filled from what students submit): ``review`` refuses
a line whose fields git must not see (``roster_fields``), grades a repeated line once, refuses a
student listed twice with different data, and names the students whose folders would have clashed.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from dockgrade.batch import roster_fields
from dockgrade.core import messages

_UNSAFE = re.compile(r"[^a-z0-9_.@-]+")
# A name used as is for a folder: lower case (case-insensitive file systems), no leading dot or dash, short.
_PLAIN_NAME = re.compile(r"[a-z0-9_@](?:[a-z0-9_.@-]{0,62}[a-z0-9_@-])?")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


@dataclass(frozen=True)
class Entry:
    """One student's line of the roster; ``refused`` says why it is not fetched (empty when it is fine)."""

    student: str
    repo: str
    ref: str = ""
    deadline: str = ""
    line: int = 0
    refused: str = ""

    @property
    def slug(self) -> str:
        """The student's folder and file name (unique per student id)."""
        return folder_name(self.student)


@dataclass
class Roster:
    """The roster's entries, one per student, and what the instructor should know before anything runs."""

    entries: list[Entry]
    notes: list[str] = field(default_factory=list)


def folder_name(student: str) -> str:
    """A file name for ``student``, different for every different id (``ana silva`` ≠ ``ana-silva``).

    A plain lower-case id is its own name; any other gets a readable form plus a hash of the id after
    ``~`` (a character plain names never hold), so two ids never share a folder, even on a file system
    that ignores case.
    """
    if _PLAIN_NAME.fullmatch(student) and student.split(".")[0] not in _WINDOWS_DEVICES:
        return student
    digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{_readable(student)[:40]}~{digest}"


def _readable(student: str) -> str:
    """The id as a folder name would show it: accents dropped, lower case, other characters as dashes."""
    ascii_text = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("-", ascii_text.lower()).strip("-.") or "aluno"


def parse(text: str) -> list[Entry]:
    """Entries of a roster text, CSV with header or whitespace-separated lines (each with its line number)."""
    numbered = [(number, line) for number, line in enumerate(text.splitlines(), 1) if _is_content(line)]
    if numbered and "," in numbered[0][1] and "student" in numbered[0][1].lower():
        return list(_from_csv(text))
    return [_from_words(number, line.split()) for number, line in numbered]


def _is_content(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


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


def read(path: Path) -> Roster:
    """A roster file, reviewed: one entry per student, refused lines marked, and the notes about it."""
    return review(parse(path.read_text(encoding="utf-8")))


def load(path: Path) -> list[Entry]:
    """The reviewed entries of a roster file (``read`` without its notes)."""
    return read(path).entries


def review(entries: list[Entry]) -> Roster:
    """Every line checked before git sees it; repeated students graded once or refused; clashing names noted."""
    unique, notes = _one_per_student([_checked(entry) for entry in entries])
    return Roster(unique, notes + _similar_names(unique))


def _checked(entry: Entry) -> Entry:
    """The entry, refused with the first problem of its fields (a control character in the name included)."""
    student = re.sub(r"[\x00-\x1f\x7f]", "\ufffd", entry.student)
    reason = messages.text("roster.student_controls") if student != entry.student else ""
    reason = reason or roster_fields.fields_problem(entry.repo, entry.ref, entry.deadline)
    refused = messages.text("roster.refused", line=entry.line, reason=reason) if reason else entry.refused
    return replace(entry, student=student, refused=refused)


def _one_per_student(entries: list[Entry]) -> tuple[list[Entry], list[str]]:
    """A line repeated word for word is graded once; a student on lines with different data is refused."""
    lines: dict[str, list[Entry]] = {}
    for entry in entries:
        lines.setdefault(entry.student, []).append(entry)
    unique, notes = [], []
    for student, same in lines.items():
        first = same[0]
        if len({(e.repo, e.ref, e.deadline) for e in same}) > 1:
            reason = messages.text("roster.duplicate_conflict", lines=", ".join(str(e.line) for e in same))
            notes.append(f"{roster_fields.shown(student)}: {reason}")
            first = replace(first, refused=messages.text("roster.refused", line=first.line, reason=reason))
        else:
            notes += [
                f"{roster_fields.shown(student)}: "
                + messages.text("roster.duplicate_same", line=again.line, first=first.line)
                for again in same[1:]
            ]
        unique.append(first)
    return unique, notes


def _similar_names(entries: list[Entry]) -> list[str]:
    """Students whose ids differ yet read the same as a folder name (``ana silva``, ``ana-silva``, ``Ana-Silva``)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(_readable(entry.student), []).append(entry)
    return [
        messages.text(
            "roster.similar",
            lines=", ".join(str(e.line) for e in group),
            students=", ".join(roster_fields.shown(e.student) for e in group),
            folders=", ".join(e.slug for e in group),
        )
        for group in groups.values()
        if len(group) > 1
    ]


def _from_csv(text: str) -> Iterator[Entry]:
    """The CSV's rows; comment lines are blanked (not removed) so line numbers stay those of the file."""
    lines = [line if _is_content(line) else "" for line in text.splitlines()]
    rows = csv.DictReader(lines)
    for row in rows:
        fields = {key.strip().lower(): (value or "").strip() for key, value in row.items() if isinstance(key, str)}
        if fields.get("student"):
            yield Entry(
                fields["student"],
                fields.get("repo", ""),
                fields.get("ref", ""),
                fields.get("deadline", ""),
                line=rows.line_num,
            )


def _from_words(number: int, words: list[str]) -> Entry:
    return Entry(words[0], words[1] if len(words) > 1 else "", words[2] if len(words) > 2 else "", line=number)
