"""The databases: collections of documents in memory, each written through to one file under the data directory.

A collection lives in ``<dbpath>/<database>/<collection>.bson`` (its documents, one after another) and
``<collection>.indexes.bson`` (the index specifications drivers asked for), so a volume on ``/data/db``
keeps the data across container restarts as the official image does.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bson

Document = dict[str, Any]
_NAME = re.compile(r"^[^/\\\0$. \"]{1,64}$")
_COLLECTION = re.compile(r"^[^/\\\0$]{1,120}$")
_ID_INDEX: Document = {"v": 2, "key": {"_id": 1}, "name": "_id_"}


class InvalidNamespace(ValueError):
    """A database or collection name MongoDB would refuse (InvalidNamespace, code 73)."""


@dataclass
class Collection:
    """The documents of one collection, in insertion order, and its index specifications."""

    documents: list[Document] = field(default_factory=list)
    indexes: list[Document] = field(default_factory=lambda: [dict(_ID_INDEX)])


class Store:
    """Every database and collection, loaded from ``root`` at start and saved there on each change."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.databases: dict[str, dict[str, Collection]] = {}
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
            self._load(root)

    def _load(self, root: Path) -> None:
        for folder in sorted(path for path in root.iterdir() if path.is_dir()):
            for data in sorted(folder.glob("*.bson")):
                if data.name.endswith(".indexes.bson"):
                    continue
                name = data.name.removesuffix(".bson")
                indexes = folder / f"{name}.indexes.bson"
                collection = Collection(list(bson.decode_all(data.read_bytes())))
                if indexes.is_file():
                    collection.indexes = list(bson.decode_all(indexes.read_bytes()))
                self.databases.setdefault(folder.name, {})[name] = collection

    def get(self, database: str, name: str) -> Collection | None:
        """The collection, or None when it does not exist."""
        return self.databases.get(database, {}).get(name)

    def ensure(self, database: str, name: str) -> Collection:
        """The collection, created (empty) when missing."""
        check_names(database, name)
        collections = self.databases.setdefault(database, {})
        if name not in collections:
            collections[name] = Collection()
            self.save(database, name)
        return collections[name]

    def drop(self, database: str, name: str) -> bool:
        """Remove a collection; False when it did not exist."""
        removed = self.databases.get(database, {}).pop(name, None)
        if removed is not None and self.root is not None:
            for suffix in (".bson", ".indexes.bson"):
                (self.root / database / f"{name}{suffix}").unlink(missing_ok=True)
        return removed is not None

    def drop_database(self, database: str) -> None:
        """Remove a database and every collection in it."""
        for name in list(self.databases.get(database, {})):
            self.drop(database, name)
        self.databases.pop(database, None)

    def save(self, database: str, name: str) -> None:
        """Write one collection's files (atomically: a crash leaves the old or the new version)."""
        collection = self.get(database, name)
        if self.root is None or collection is None:
            return
        folder = self.root / database
        folder.mkdir(exist_ok=True)
        _write(folder / f"{name}.bson", collection.documents)
        _write(folder / f"{name}.indexes.bson", collection.indexes)


def check_names(database: str, collection: str) -> None:
    """Refuse names that could not be a MongoDB namespace (or would escape the data directory)."""
    if not _NAME.match(database):
        raise InvalidNamespace(f"Invalid database name: '{database}'")
    if not _COLLECTION.match(collection) or collection.startswith((".", "system.")) or ".." in collection:
        raise InvalidNamespace(f"Invalid collection name: '{collection}'")


def _write(path: Path, documents: list[Document]) -> None:
    scratch = path.with_name(path.name + ".tmp")
    scratch.write_bytes(b"".join(bson.encode(document) for document in documents))
    os.replace(scratch, path)
