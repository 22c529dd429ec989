"""The catalogue of offline stand-in images and the hash that says when one must be rebuilt."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

STANDIN_REPOSITORY = "dockgrade-standin"
CA_DIR = Path("/usr/local/share/ca-certificates")
LABEL_STANDIN = "dockgrade.standin"
LABEL_RECIPE = "dockgrade.standin.recipe"


@dataclass(frozen=True)
class Recipe:
    """One stand-in image: where its Dockerfile lives and which official images it replaces."""

    name: str
    parent: str | None
    stands_for: tuple[str, ...] = ()

    @property
    def image(self) -> str:
        """The stand-in's own name, independent of the official names it is tagged under."""
        return f"{STANDIN_REPOSITORY}/{self.name}:latest"

    @property
    def repositories(self) -> frozenset[str]:
        """Official repositories whose other tags this stand-in may also replace."""
        return frozenset(ref.partition(":")[0] for ref in self.stands_for)

    def folder(self) -> Path:
        """The recipe's build folder, shipped inside the package."""
        return Path(str(resources.files("dockgrade") / "standins" / self.name))


ROOTFS = Recipe("rootfs", parent=None)
RECIPES: tuple[Recipe, ...] = (
    Recipe("debian", "rootfs", ("debian:latest", "debian:bookworm", "debian:12")),
    Recipe("hello-world", "debian", ("hello-world:latest",)),
    Recipe("busybox", "debian", ("busybox:latest", "alpine:latest", "alpine:3")),
    Recipe("nginx", "debian", ("nginx:latest", "nginx:1.13")),
    Recipe("python", "debian", ("python:latest", "python:3", "python:3.6")),
    Recipe("redis", "debian", ("redis:latest", "redis:3.2")),
    Recipe("postgres", "debian", ("postgres:latest", "postgres:9.6")),
    Recipe("node", "debian", ("node:latest", "node:8.1")),
    Recipe("mongo", "debian", ("mongo:latest", "mongo:3.4")),
    Recipe("registry", "debian", ("registry:2", "registry:latest")),
)


# Official repositories the course uses that no stand-in replaces; offline, services on these are reported
# as not runnable rather than failed. None today: MongoDB, missing from Debian's archive, has minimongo.
WITHOUT_STANDIN: frozenset[str] = frozenset()


def by_name(name: str) -> Recipe:
    """Return the recipe called ``name`` (``rootfs`` included)."""
    for recipe in (ROOTFS, *RECIPES):
        if recipe.name == name:
            return recipe
    raise KeyError(name)


def split_reference(reference: str) -> tuple[str, str]:
    """Split ``repo[:tag]`` into (repo, tag), defaulting the tag to ``latest``; digests are kept in the tag."""
    if "@" in reference:
        repo, _, digest = reference.partition("@")
        return repo, "@" + digest
    last = reference.rsplit("/", 1)[-1]
    if ":" in last:
        repo, _, tag = reference.rpartition(":")
        return repo, tag
    return reference, "latest"


def normalise_reference(reference: str) -> str:
    """Return ``repo:tag`` with the implicit ``latest`` made explicit and ``library/`` dropped."""
    repo, tag = split_reference(reference)
    repo = repo.removeprefix("docker.io/").removeprefix("library/")
    return f"{repo}{tag}" if tag.startswith("@") else f"{repo}:{tag}"


def recipe_for(reference: str) -> Recipe | None:
    """Return the stand-in able to replace ``reference`` (any tag of a known repository), or None."""
    repo, _ = split_reference(normalise_reference(reference))
    for recipe in RECIPES:
        if repo in recipe.repositories:
            return recipe
    return None


def course_image_like(reference: str) -> str | None:
    """The course image a mistyped base most likely meant (``ngnix`` → ``nginx``), or None when the name is a
    course image or near none of them (then it may well exist: only a registry can tell)."""
    repository = split_reference(normalise_reference(reference))[0]
    known = sorted({name for recipe in RECIPES for name in recipe.repositories})
    if repository in known:
        return None
    close = difflib.get_close_matches(repository, known, n=1, cutoff=0.75)
    return close[0] if close else None


def content_hash(files: Iterable[tuple[str, bytes]], extra: Iterable[str] = ()) -> str:
    """Hash named contents plus extra strings, order-independent for the files."""
    digest = hashlib.sha256()
    for name, data in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    for item in extra:
        digest.update(b"\1" + item.encode())
    return digest.hexdigest()[:16]


def folder_files(folder: Path) -> list[tuple[str, bytes]]:
    """Every regular file under ``folder`` as (relative path, bytes), bytecode caches left out.

    A host-side test run may compile a stand-in's Python sources; that must not make the image stale.
    """
    return [
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def ca_certificates(ca_dir: Path = CA_DIR) -> list[tuple[str, bytes]]:
    """The host's extra CA certificates that containers must trust (may be empty)."""
    if not ca_dir.is_dir():
        return []
    return [(path.name, path.read_bytes()) for path in sorted(ca_dir.glob("*.crt")) if path.is_file()]
