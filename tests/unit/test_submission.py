"""Locating exercises in student repositories built on disk (no Docker engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockgrade.course.catalogue import EXERCISES, exercise
from dockgrade.course.submission import MANIFEST, Submission

BUILD_ARG = exercise("s5-e03-build-arg")
BUILD_ARG_DOCKERFILE = 'FROM debian\nLABEL maintainer="Aluno"\nARG S3_BUCKET=files\nENV S3_BUCKET=${S3_BUCKET}\n'
VENDORED_BUILD_ARG = "repositorio-curso-docker/curso-docker-master/build-com-arg"


def make(root: Path, relative: str, files: dict[str, str] | None = None) -> Path:
    """Create ``root/relative`` with ``files`` (name -> text) and return it."""
    folder = root / relative
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def dockerfile(root: Path, relative: str, text: str = "FROM nginx\n", name: str = "Dockerfile") -> Path:
    """A folder holding only a Dockerfile."""
    return make(root, relative, {name: text})


def test_canonical_folder(tmp_path: Path) -> None:
    """The canonical folder name at the repository's top level is found as "folder" evidence."""
    folder = dockerfile(tmp_path, "build-com-arg")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (folder, "folder")


@pytest.mark.parametrize(
    ("exercise_id", "relative", "evidence"),
    [
        ("s5-e03-build-arg", "build_com_arg", "alias"),
        ("s5-e03-build-arg", "build-com-args", "alias"),
        ("s5-e03-build-arg", "buil-com-arg", "alias"),
        ("s5-e03-build-arg", "exercicios/secao5/build-arg", "alias"),
        ("s5-e03-build-arg", "Build-Com-Arg", "folder"),
        ("s5-e03-build-arg", "secao-5/build-com-arg", "folder"),
        ("s5-e02-first-build", "primeiro_build", "alias"),
        ("s5-e02-first-build", "ex-volume/primeiro-build", "folder"),
        ("s5-e04-build-copy", "build-with-copy", "alias"),
        ("s5-e03-build-arg", "ex-volume/build-com-arg", "folder"),
        ("s5-e05-build-dev", "ex-volume/build-dev", "folder"),
        ("s5-e05-build-dev", "dockerfile-example", "alias"),
    ],
)
def test_folder_names_and_aliases(tmp_path: Path, exercise_id: str, relative: str, evidence: str) -> None:
    """Canonical names (any case, any depth) and every alias kind students use are found by name."""
    folder = dockerfile(tmp_path, relative)
    location = Submission(tmp_path).locate(exercise(exercise_id))
    assert location is not None
    assert (location.path, location.evidence) == (folder, evidence)


@pytest.mark.parametrize(
    ("exercise_id", "relative"),
    [("s5-e01-image-tags", "tags"), ("s5-e06-push", "push-docker-hub")],
)
def test_script_exercises_need_run_sh(tmp_path: Path, exercise_id: str, relative: str) -> None:
    """Script exercises are marked by ``run.sh``, not by a Dockerfile."""
    make(tmp_path, relative, {"Dockerfile": "FROM redis\n"})
    assert Submission(tmp_path).locate(exercise(exercise_id)) is None
    folder = make(tmp_path, relative, {"run.sh": "echo hi\n"})
    location = Submission(tmp_path).locate(exercise(exercise_id))
    assert location is not None
    assert location.path == folder


def test_lowercase_dockerfile_is_accepted(tmp_path: Path) -> None:
    """A ``dockerfile`` written in lower case marks the folder like ``Dockerfile`` does."""
    folder = dockerfile(tmp_path, "build-com-arg", name="dockerfile")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert location.path == folder


@pytest.mark.parametrize(
    "files",
    [{}, {"README.md": "# build com arg\n"}, {"Dockerfile.txt": BUILD_ARG_DOCKERFILE}],
)
def test_right_name_without_dockerfile_is_not_taken(tmp_path: Path, files: dict[str, str]) -> None:
    """A folder named like the exercise but lacking its marker file is not the exercise."""
    make(tmp_path, "build-com-arg", files)
    assert Submission(tmp_path).locate(BUILD_ARG) is None


def test_empty_canonical_folder_falls_through_to_alias(tmp_path: Path) -> None:
    """An empty canonical folder does not hide a real alias folder."""
    make(tmp_path, "build-com-arg")
    folder = dockerfile(tmp_path, "build_com_arg")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (folder, "alias")


def test_vendored_copy_is_ignored_for_the_students_own(tmp_path: Path) -> None:
    """The instructor's vendored repository is skipped; the student's copy elsewhere is found."""
    dockerfile(tmp_path, VENDORED_BUILD_ARG, BUILD_ARG_DOCKERFILE)
    own = dockerfile(tmp_path, "meus-exercicios/build-com-arg", BUILD_ARG_DOCKERFILE)
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert location.path == own


@pytest.mark.parametrize(
    "vendored",
    [
        VENDORED_BUILD_ARG,
        "curso-docker-main/build-com-arg",
        "node_modules/build-com-arg",
        ".git/build-com-arg",
        "Curso-Docker-Master/build-com-arg",
    ],
)
def test_only_vendored_copy_means_not_found(tmp_path: Path, vendored: str) -> None:
    """A repository holding only a vendored/hidden copy has no exercise, not even by fingerprint."""
    dockerfile(tmp_path, vendored, BUILD_ARG_DOCKERFILE)
    assert Submission(tmp_path).locate(BUILD_ARG) is None


def test_vendored_folders_are_not_walked(tmp_path: Path) -> None:
    """``folders()`` lists the root first and never enters vendored copies."""
    dockerfile(tmp_path, VENDORED_BUILD_ARG)
    dockerfile(tmp_path, "a/b")
    assert Submission(tmp_path).folders() == [tmp_path, tmp_path / "a", tmp_path / "a" / "b"]


@pytest.mark.parametrize(
    ("exercise_id", "text"),
    [
        ("s5-e03-build-arg", BUILD_ARG_DOCKERFILE),
        ("s5-e03-build-arg", "from debian\narg s3_bucket=files\nenv s3_bucket=$s3_bucket\n"),
        ("s5-e02-first-build", "FROM nginx:latest\nRUN echo '<h1>Oi</h1>' > /usr/share/nginx/html/index.html\n"),
        ("s5-e04-build-copy", "FROM nginx\nCOPY conteudo.html /usr/share/nginx/html/\n"),
        ("s5-e05-build-dev", "FROM debian\nRUN useradd www\nVOLUME /log\n"),
    ],
)
def test_fingerprint_finds_an_oddly_named_folder(tmp_path: Path, exercise_id: str, text: str) -> None:
    """A folder with an unrelated name is recognised by its Dockerfile's content (case-insensitive)."""
    folder = dockerfile(tmp_path, "minha-pasta", text)
    location = Submission(tmp_path).locate(exercise(exercise_id))
    assert location is not None
    assert (location.path, location.evidence) == (folder, "fingerprint")


@pytest.mark.parametrize(
    ("exercise_id", "text"),
    [
        ("s5-e03-build-arg", "FROM debian\nENV S3_BUCKET=files\n"),
        ("s5-e02-first-build", "FROM nginx\nCOPY index.html /usr/share/nginx/html/\n"),
        ("s5-e02-first-build", "FROM nginx\nARG S3_BUCKET=files\nRUN echo > index.html\n"),
    ],
)
def test_fingerprint_needs_every_fragment_and_no_excluded_one(tmp_path: Path, exercise_id: str, text: str) -> None:
    """A Dockerfile missing a required fragment, or holding an excluded one, is not a fingerprint match."""
    dockerfile(tmp_path, "minha-pasta", text)
    assert Submission(tmp_path).locate(exercise(exercise_id)) is None


def test_name_beats_fingerprint(tmp_path: Path) -> None:
    """A folder found by name wins over a fingerprint match elsewhere, even a shallower one."""
    dockerfile(tmp_path, "a", BUILD_ARG_DOCKERFILE)
    folder = dockerfile(tmp_path, "x/y/build-com-arg", "FROM debian\n")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (folder, "folder")


def test_canonical_name_beats_alias(tmp_path: Path) -> None:
    """The canonical folder is preferred to an alias even when the alias is shallower."""
    dockerfile(tmp_path, "build-arg")
    folder = dockerfile(tmp_path, "deep/er/build-com-arg")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (folder, "folder")


def test_shallowest_folder_wins(tmp_path: Path) -> None:
    """With two folders of the same name, the shallower one is taken."""
    dockerfile(tmp_path, "a/b/build-com-arg")
    folder = dockerfile(tmp_path, "z/build-com-arg")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert location.path == folder


def test_manifest_wins_over_names(tmp_path: Path) -> None:
    """The student's ``dockgrade.yml`` points at the exercise even when a canonical folder exists."""
    dockerfile(tmp_path, "build-com-arg")
    chosen = dockerfile(tmp_path, "somewhere/x", BUILD_ARG_DOCKERFILE)
    (tmp_path / MANIFEST).write_text("exercises:\n  s5-e03-build-arg: somewhere/x\n", encoding="utf-8")
    location = Submission(tmp_path).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (chosen, "manifest")


@pytest.mark.parametrize(
    "manifest",
    [
        "exercises:\n  s5-e03-build-arg: ../x\n",
        "exercises:\n  s5-e03-build-arg: nao-existe\n",
        "exercises:\n  s5-e03-build-arg: [a, b]\n",
        "exercises:\n  s5-e02-first-build: somewhere/x\n",
        "exercises:\n",
        "- s5-e03-build-arg\n",
        "",
    ],
)
def test_unusable_manifest_entry_falls_back_to_names(tmp_path: Path, manifest: str) -> None:
    """A manifest entry escaping the repo, missing, mistyped or absent is ignored; names still work."""
    dockerfile(tmp_path, "x")
    repo = tmp_path / "repo"
    folder = dockerfile(repo, "build-com-arg")
    dockerfile(repo, "somewhere/x")
    (repo / MANIFEST).write_text(manifest, encoding="utf-8")
    location = Submission(repo).locate(BUILD_ARG)
    assert location is not None
    assert (location.path, location.evidence) == (folder, "folder")


def test_manifest_escaping_the_repo_alone_finds_nothing(tmp_path: Path) -> None:
    """``../x`` in the manifest never makes a folder outside the submission graded."""
    dockerfile(tmp_path, "x", BUILD_ARG_DOCKERFILE)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / MANIFEST).write_text("exercises:\n  s5-e03-build-arg: ../x\n", encoding="utf-8")
    assert Submission(repo).locate(BUILD_ARG) is None


def test_empty_repository(tmp_path: Path) -> None:
    """No folders at all: every exercise is missing."""
    submission = Submission(tmp_path)
    assert [submission.locate(ex) for ex in EXERCISES] == [None] * len(EXERCISES)


def test_folder_names_list_canonical_first() -> None:
    """``folder_names`` (shown to students when missing) starts with the canonical folder, then the aliases."""
    assert BUILD_ARG.folder_names[0] == "build-com-arg"
    assert BUILD_ARG.folder_names[1:] == BUILD_ARG.aliases
    assert "ex-volume/build-com-arg" in BUILD_ARG.folder_names
    for ex in EXERCISES:
        assert ex.folder_names == (ex.folder, *ex.aliases)
        assert ex.section == int(ex.id.split("-")[0][1:])


@pytest.mark.parametrize("manifest", ["exercises: [a, b", "exercises: [a, b]", "- just\n- a list\n", "42"])
def test_broken_manifest_falls_back_to_names(tmp_path: Path, manifest: str) -> None:
    """A malformed dockgrade.yml is ignored and the canonical folder is still found."""
    (tmp_path / "dockgrade.yml").write_text(manifest)
    (tmp_path / "build-com-arg").mkdir()
    (tmp_path / "build-com-arg" / "Dockerfile").write_text("FROM debian\n")
    location = Submission(tmp_path).locate(exercise("s5-e03-build-arg"))
    assert location is not None
    assert location.evidence == "folder"
