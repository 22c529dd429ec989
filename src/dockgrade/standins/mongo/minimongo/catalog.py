"""Databases, collections and index declarations (indexes are kept as specifications, never used to search)."""

from __future__ import annotations

from .matching import matches
from .registry import CommandError, Document, Session, command, cursor
from .store import Store


@command("listDatabases")
def _list_databases(store: Store, _session: Session, _database: str, _document: Document) -> Document:
    names = sorted(store.databases)
    return {"databases": [{"name": name, "sizeOnDisk": 0, "empty": False} for name in names], "totalSize": 0}


@command("dropDatabase")
def _drop_database(store: Store, _session: Session, database: str, _document: Document) -> Document:
    store.drop_database(database)
    return {"dropped": database}


@command("create")
def _create(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["create"])
    if store.get(database, name) is not None:
        raise CommandError(f"Collection {database}.{name} already exists.", 48, "NamespaceExists")
    store.ensure(database, name)
    return {}


@command("drop")
def _drop(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["drop"])
    if not store.drop(database, name):
        raise CommandError("ns not found", 26, "NamespaceNotFound")
    return {"ns": f"{database}.{name}", "nIndexesWas": 1}


@command("listCollections")
def _list_collections(store: Store, _session: Session, database: str, document: Document) -> Document:
    entries = [
        {"name": name, "type": "collection", "options": {}, "info": {"readOnly": False}}
        for name in sorted(store.databases.get(database, {}))
    ]
    chosen = [entry for entry in entries if matches(entry, document.get("filter"))]
    return cursor(f"{database}.$cmd.listCollections", chosen)


@command("listIndexes")
def _list_indexes(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["listIndexes"])
    collection = store.get(database, name)
    if collection is None:
        raise CommandError(f"ns does not exist: {database}.{name}", 26, "NamespaceNotFound")
    return cursor(f"{database}.{name}", [{**index, "ns": f"{database}.{name}"} for index in collection.indexes])


@command("createIndexes")
def _create_indexes(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["createIndexes"])
    collection = store.ensure(database, name)
    before = len(collection.indexes)
    for spec in document.get("indexes", []):
        if not any(existing["name"] == spec.get("name") for existing in collection.indexes):
            collection.indexes.append({"v": 2, **{k: v for k, v in spec.items() if k != "ns"}})
    store.save(database, name)
    return {
        "numIndexesBefore": before,
        "numIndexesAfter": len(collection.indexes),
        "createdCollectionAutomatically": False,
    }


@command("dropIndexes", "deleteIndexes")
def _drop_indexes(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(next(iter(document.values())))
    collection = store.get(database, name)
    if collection is None:
        raise CommandError("ns not found", 26, "NamespaceNotFound")
    wanted = document.get("index")
    before = len(collection.indexes)
    collection.indexes = [i for i in collection.indexes if i["name"] == "_id_" or wanted not in ("*", i["name"])]
    store.save(database, name)
    return {"nIndexesWas": before}


@command("collStats", "dbStats")
def _stats(store: Store, _session: Session, database: str, document: Document) -> Document:
    collection = store.get(database, str(next(iter(document.values()))))
    count = len(collection.documents) if collection else 0
    return {"ns": database, "count": count, "size": 0, "storageSize": 0, "nindexes": 1}
