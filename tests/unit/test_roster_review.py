"""A roster is reviewed before anything runs: refused lines, repeated students, names that would share a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.batch import roster
from dockgrade.batch.roster import Entry, folder_name

CSV = """\
student,repo,ref,deadline
# a comment line keeps the numbering
ana,/turma/ana
mallory,/turma/m,--upload-pack=touch /tmp/x
bia,/turma/bia,,amanhã

ana,/turma/ana
caio,/turma/caio
caio,/turma/caio-outro
ana silva,/turma/as
ana-silva,/turma/as2
"""


@pytest.fixture
def reviewed(tmp_path: Path) -> roster.Roster:
    path = tmp_path / "turma.csv"
    path.write_text(CSV, encoding="utf-8")
    return roster.read(path)


def test_one_entry_per_student_in_roster_order(reviewed: roster.Roster) -> None:
    """Every student appears once, at their first line, with the file's line number."""
    assert [(e.student, e.line) for e in reviewed.entries] == [
        ("ana", 3),
        ("mallory", 4),
        ("bia", 5),
        ("caio", 8),
        ("ana silva", 10),
        ("ana-silva", 11),
    ]


def test_refused_lines_say_which_line_and_why(reviewed: roster.Roster) -> None:
    """A line with a bad field is refused with its number and a plain reason; the others are not."""
    refused = {e.student: e.refused for e in reviewed.entries if e.refused}
    assert set(refused) == {"mallory", "bia", "caio"}
    assert refused["mallory"].startswith("linha 4 do roster recusada: a ref '--upload-pack=touch /tmp/x' começa com")
    assert refused["bia"].startswith("linha 5 do roster recusada: o prazo 'amanhã' não é uma data")
    assert refused["caio"] == (
        "linha 8 do roster recusada: o aluno aparece nas linhas 8, 9 com dados diferentes; deixe uma linha só para ele"
    )


def test_notes_name_repeats_conflicts_and_clashing_folders(reviewed: roster.Roster) -> None:
    """The instructor reads, before anything runs, every repeated line and every pair of look-alike names."""
    assert reviewed.notes == [
        "'ana': linha 7 repete a linha 3 (mesmo aluno, mesmo repositório): corrigido uma vez",
        "'caio': o aluno aparece nas linhas 8, 9 com dados diferentes; deixe uma linha só para ele",
        "linhas 10, 11: os alunos 'ana silva', 'ana-silva' ficariam na mesma pasta; cada um tem a sua "
        f"({folder_name('ana silva')}, ana-silva)",
    ]


def test_words_format_keeps_line_numbers_and_refuses_missing_repo() -> None:
    """Plain ``student repo [ref]`` lines: a student with no repository is an error row, not a dropped line."""
    entries = roster.review(roster.parse("# turma\nana /turma/ana main\n\nbia\n")).entries
    assert [(e.student, e.repo, e.ref, e.line) for e in entries] == [
        ("ana", "/turma/ana", "main", 2),
        ("bia", "", "", 4),
    ]
    assert entries[1].refused.startswith("linha 4 do roster recusada: o repositório '' não é")


def test_control_characters_in_a_name_are_refused_and_made_printable() -> None:
    """An escape sequence in a name never reaches the terminal or the reports raw."""
    entry = roster.review([Entry("eve\x1b[2J", "/turma/eve", line=2)]).entries[0]
    assert entry.student == "eve\ufffd[2J"
    assert "caracteres de controle" in entry.refused


@pytest.mark.parametrize(
    "students",
    [
        ["ana silva", "ana-silva", "Ana-Silva", "ANA SILVA", "ana_silva", "ana.silva", "ána silva"],
        ['=HYPERLINK("http://x"&A1)', "-HYPERLINK-http-x-A1", "hyperlink-http-x-a1"],
        ["con", "CON", "con.txt", "nul", "aluno"],
        [".", "..", "...", "-", ""],
        ["a" * 64, "a" * 65, "a" * 300],
    ],
)
def test_folder_names_differ_for_different_students(students: list[str]) -> None:
    """Different ids never share a folder or feedback file, not even on a case-insensitive file system."""
    names = [folder_name(student) for student in students]
    assert len({name.lower() for name in names}) == len(students)
    for name in names:
        assert name
        assert len(name) <= 64
        assert not name.startswith((".", "-"))
        assert "/" not in name


def test_plain_ids_keep_their_name() -> None:
    """Ids already fit for a folder stay as they are (students/ana-git, feedback/mutante-0.md)."""
    assert [folder_name(s) for s in ("ana-git", "mutante-0", "joao.silva", "a_b@c")] == [
        "ana-git",
        "mutante-0",
        "joao.silva",
        "a_b@c",
    ]
    assert folder_name("João Silva").startswith("joao-silva~")
