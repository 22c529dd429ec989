"""Offline stand-in base images, built from Debian packages when no registry can be reached.

The chain is: a minimal Debian rootfs (mmdebstrap, the host's own mirror) imported as
``dockgrade-standin/rootfs``; the ``debian`` recipe on top of it (host CA certificates
trusted); every other recipe on top of ``debian``. Each image carries the hash of its
recipe (its files, the CA bundle and its parent's hash), so a warm run rebuilds nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docker
from docker.errors import APIError, BuildError, ImageNotFound

from dockgrade.core.errors import StandinBuildFailed
from dockgrade.offline import apt_sources
from dockgrade.offline.recipes import (
    LABEL_RECIPE,
    LABEL_STANDIN,
    RECIPES,
    ROOTFS,
    Recipe,
    by_name,
    ca_certificates,
    content_hash,
    folder_files,
)

# Docs, man pages and locales are useless in a grading image and cost ~30 MB.
_DPKG_EXCLUDES = ("/usr/share/man/*", "/usr/share/doc/*", "/usr/share/locale/*", "/usr/share/info/*")
_ROOTFS_PACKAGES = ("ca-certificates",)
_BUILD_TIMEOUT_S = 900
_LOG_TAIL_LINES = 15
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BaseStatus:
    """What ``ensure`` did for one stand-in."""

    name: str
    recipe_hash: str
    built: bool


class Bases:
    """Builds the stand-in images that are missing or out of date, and nothing else."""

    def __init__(
        self,
        client: docker.DockerClient,
        mirror: str | None = None,
        ca_dir: Path | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.client = client
        self.mirror = mirror if mirror is not None else apt_sources.host_mirror()
        self.certs = ca_certificates(ca_dir) if ca_dir is not None else ca_certificates()
        self.progress = progress or (lambda _message: None)
        self._hashes: dict[str, str] = {}

    def recipe_hash(self, recipe: Recipe) -> str:
        """The hash the image of ``recipe`` must carry to count as up to date."""
        if recipe.name not in self._hashes:
            self._hashes[recipe.name] = self._compute_hash(recipe)
        return self._hashes[recipe.name]

    def ensure(self, names: Iterable[str] | None = None, workers: int = 3) -> list[BaseStatus]:
        """Build the named stand-ins (default: all) and their parents when missing or stale."""
        wanted = [by_name(name) for name in names] if names is not None else list(RECIPES)
        statuses = [self._ensure_one(ROOTFS), self._ensure_one(by_name("debian"))]
        children = [recipe for recipe in wanted if recipe.name not in ("debian", "rootfs")]
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            statuses.extend(pool.map(self._ensure_one, children))
        return statuses

    def is_current(self, recipe: Recipe) -> bool:
        """True when the stand-in image exists and carries the current recipe hash."""
        try:
            labels = self.client.images.get(recipe.image).labels or {}
        except ImageNotFound:
            return False
        return labels.get(LABEL_RECIPE) == self.recipe_hash(recipe)

    def _ensure_one(self, recipe: Recipe) -> BaseStatus:
        digest = self.recipe_hash(recipe)
        if self.is_current(recipe):
            return BaseStatus(recipe.name, digest, built=False)
        self.progress(f"building stand-in {recipe.name} ({digest})")
        if recipe is ROOTFS:
            self._build_rootfs(digest)
        else:
            self._build_recipe(recipe, digest)
        return BaseStatus(recipe.name, digest, built=True)

    def _compute_hash(self, recipe: Recipe) -> str:
        if recipe is ROOTFS:
            return content_hash([], [*self._rootfs_command("-"), str(self.mirror)])
        parent_hash = self.recipe_hash(by_name(recipe.parent)) if recipe.parent else ""
        files = folder_files(recipe.folder()) + [("certs/" + name, data) for name, data in self.certs]
        return content_hash(files, [parent_hash])

    def _labels(self, recipe: Recipe, digest: str) -> dict[str, str]:
        return {LABEL_STANDIN: recipe.name, LABEL_RECIPE: digest}

    def _rootfs_command(self, output: str) -> list[str]:
        suite = apt_sources.default_suite()
        command = ["mmdebstrap", "--quiet", "--variant=minbase", "--format=tar"]
        command += [f"--include={','.join(_ROOTFS_PACKAGES)}"]
        command += [f"--dpkgopt=path-exclude={pattern}" for pattern in _DPKG_EXCLUDES]
        command += ["--aptopt=APT::Install-Recommends false"]
        command += [suite, output]
        if self.mirror:
            command += [f"deb {self.mirror} {name} main" for name in (suite, f"{suite}-updates")]
        return command

    def _build_rootfs(self, digest: str) -> None:
        if shutil.which("mmdebstrap") is None:
            raise StandinBuildFailed("rootfs", "mmdebstrap is not installed (run ci/engine.sh as root)")
        if not self.mirror:
            raise StandinBuildFailed("rootfs", "no Debian mirror found in the host's apt sources")
        changes = [f'LABEL {key}="{value}"' for key, value in self._labels(ROOTFS, digest).items()]
        changes.append('CMD ["bash"]')
        with tempfile.TemporaryDirectory(prefix="dockgrade-rootfs-") as scratch:
            tarball = Path(scratch) / "rootfs.tar"
            self._run_tool(self._rootfs_command(str(tarball)), "rootfs")
            self.client.api.import_image_from_file(str(tarball), repository=ROOTFS.image, changes=changes)

    def _build_recipe(self, recipe: Recipe, digest: str) -> None:
        with tempfile.TemporaryDirectory(prefix=f"dockgrade-{recipe.name}-") as scratch:
            context = Path(scratch) / "context"
            shutil.copytree(recipe.folder(), context)
            certs = context / "certs"
            certs.mkdir(exist_ok=True)
            for name, data in self.certs:
                (certs / name).write_bytes(data)
            self._docker_build(recipe, context, digest)

    def _docker_build(self, recipe: Recipe, context: Path, digest: str) -> None:
        try:
            self.client.images.build(
                path=str(context),
                tag=recipe.image,
                labels=self._labels(recipe, digest),
                rm=True,
                forcerm=True,
                timeout=_BUILD_TIMEOUT_S,
            )
        except BuildError as error:
            lines = [str(chunk.get("stream", chunk.get("error", ""))) for chunk in error.build_log]
            tail = "".join(lines).splitlines()[-_LOG_TAIL_LINES:]
            raise StandinBuildFailed(recipe.name, "\n".join(tail)) from error
        except APIError as error:
            raise StandinBuildFailed(recipe.name, str(error)) from error

    def _run_tool(self, command: list[str], name: str) -> None:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=_BUILD_TIMEOUT_S, check=False)
        if completed.returncode != 0:
            tail = (completed.stderr or completed.stdout).splitlines()[-_LOG_TAIL_LINES:]
            raise StandinBuildFailed(name, "\n".join(tail))
