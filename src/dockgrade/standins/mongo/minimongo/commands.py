"""The database commands mongoose and the drivers under it send, answered from the store.

Each handler takes the command document and returns the reply document. Errors are MongoDB's
``{ok: 0, errmsg, code, codeName}``; write errors go in ``writeErrors`` as the real server reports them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bson import Int64, ObjectId

from . import aggregation
from .matching import QueryError, equal, equality_fields, matches, project, sort
from .store import Collection, InvalidNamespace, Store
from .updates import apply, is_operator_update

Document = dict[str, Any]
VERSION = "5.0.0"
MAX_WIRE_VERSION = 13
MAX_BSON_SIZE = 16 * 1024 * 1024
_DUPLICATE_KEY = 11000


class CommandError(Exception):
    """A command that fails as a whole, with MongoDB's error code and name."""

    def __init__(self, message: str, code: int = 2, name: str = "BadValue") -> None:
        super().__init__(message)
        self.code = code
        self.name = name


@dataclass
class Session:
    """What one client connection carries between commands."""

    connection_id: int
    last_write: Document = field(default_factory=lambda: {"n": 0, "err": None})


Handler = Callable[[Store, Session, str, Document], Document]
HANDLERS: dict[str, Handler] = {}


def command(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler under every spelling drivers use (``isMaster``, ``ismaster``...)."""

    def register(handler: Handler) -> Handler:
        for name in names:
            HANDLERS[name.lower()] = handler
        return handler

    return register


def run(store: Store, session: Session, database: str, document: Document) -> Document:
    """Run one command and return its reply (``ok`` set), never raising for a client's mistake."""
    if not document:
        return _error(CommandError("empty command", 59, "CommandNotFound"))
    name = next(iter(document))
    handler = HANDLERS.get(name.lower())
    if handler is None:
        return _error(CommandError(f"no such command: '{name}'", 59, "CommandNotFound"))
    try:
        reply = handler(store, session, database, document)
    except CommandError as error:
        return _error(error)
    except InvalidNamespace as error:
        return _error(CommandError(str(error), 73, "InvalidNamespace"))
    except QueryError as error:
        return _error(CommandError(str(error)))
    return {**reply, "ok": reply.get("ok", 1.0)}


def _error(error: CommandError) -> Document:
    return {"ok": 0.0, "errmsg": str(error), "code": error.code, "codeName": error.name}


def _now() -> datetime.datetime:
    now = datetime.datetime.now(datetime.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


# ---- handshake and server information ----


@command("isMaster", "hello")
def _hello(_store: Store, session: Session, _database: str, document: Document) -> Document:
    primary_key = "isWritablePrimary" if next(iter(document)) == "hello" else "ismaster"
    reply: Document = {
        primary_key: True,
        "maxBsonObjectSize": MAX_BSON_SIZE,
        "maxMessageSizeBytes": 48_000_000,
        "maxWriteBatchSize": 100_000,
        "localTime": _now(),
        "logicalSessionTimeoutMinutes": 30,
        "connectionId": session.connection_id,
        "minWireVersion": 0,
        "maxWireVersion": MAX_WIRE_VERSION,
        "readOnly": False,
    }
    if document.get("helloOk"):
        reply["helloOk"] = True
    return reply


@command("buildInfo")
def _build_info(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    parts = [int(part) for part in VERSION.split(".")]
    return {
        "version": VERSION,
        "versionArray": [*parts, 0],
        "gitVersion": "minimongo",
        "bits": 64,
        "maxBsonObjectSize": MAX_BSON_SIZE,
        "storageEngines": ["minimongo"],
        "javascriptEngine": "none",
    }


@command("ping", "endSessions", "killCursors", "logout", "resetError", "refreshSessions")
def _nothing(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    return {}


@command("whatsmyuri")
def _whatsmyuri(_store: Store, session: Session, _database: str, _document: Document) -> Document:
    return {"you": f"connection {session.connection_id}"}


@command("getLastError", "getPrevError")
def _get_last_error(_store: Store, session: Session, _database: str, _document: Document) -> Document:
    return {"connectionId": session.connection_id, **session.last_write}


@command("getnonce")
def _getnonce(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    return {"nonce": ObjectId().binary.hex()}


@command("getLog")
def _get_log(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    return {"totalLinesWritten": 0, "log": []}


@command("getCmdLineOpts")
def _cmdline(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    return {"argv": ["mongod"], "parsed": {}}


@command("serverStatus", "hostInfo", "getParameter", "connectionStatus")
def _status(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    return {"host": "minimongo", "version": VERSION, "process": "mongod", "authInfo": {"authenticatedUsers": []}}


@command("saslStart", "authenticate", "saslContinue")
def _auth(_store: Store, _session: Session, _database: str, _document: Document) -> Document:
    raise CommandError("authentication is not supported by this offline stand-in", 18, "AuthenticationFailed")


# ---- databases and collections ----


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
    return _cursor(f"{database}.$cmd.listCollections", chosen)


@command("listIndexes")
def _list_indexes(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["listIndexes"])
    collection = store.get(database, name)
    if collection is None:
        raise CommandError(f"ns does not exist: {database}.{name}", 26, "NamespaceNotFound")
    return _cursor(f"{database}.{name}", [{**index, "ns": f"{database}.{name}"} for index in collection.indexes])


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


# ---- reading ----


def _cursor(namespace: str, documents: list[Document]) -> Document:
    # Every result is returned in the first batch: cursor id 0 tells the driver there is nothing more to get.
    return {"cursor": {"id": Int64(0), "ns": namespace, "firstBatch": documents}}


def _documents(store: Store, database: str, name: str) -> list[Document]:
    collection = store.get(database, name)
    return collection.documents if collection else []


def select(store: Store, database: str, name: str, document: Document) -> list[Document]:
    """The documents of a find: filtered, sorted, skipped, limited and projected."""
    found = [item for item in _documents(store, database, name) if matches(item, document.get("filter"))]
    found = sort(found, document.get("sort"))
    skip, limit = int(document.get("skip") or 0), abs(int(document.get("limit") or 0))
    found = found[skip : skip + limit] if limit else found[skip:]
    return [project(item, document.get("projection")) for item in found]


@command("find")
def _find(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["find"])
    return _cursor(f"{database}.{name}", select(store, database, name, document))


@command("getMore")
def _get_more(_store: Store, _session: Session, _database: str, document: Document) -> Document:
    raise CommandError(f"cursor id {document['getMore']} not found", 43, "CursorNotFound")


@command("count")
def _count(store: Store, _session: Session, database: str, document: Document) -> Document:
    query = {"filter": document.get("query"), "skip": document.get("skip"), "limit": document.get("limit")}
    return {"n": len(select(store, database, str(document["count"]), query))}


@command("distinct")
def _distinct(store: Store, _session: Session, database: str, document: Document) -> Document:
    found = select(store, database, str(document["distinct"]), {"filter": document.get("query")})
    values: list[Any] = []
    for item in found:
        value = item.get(str(document["key"]))
        for candidate in value if isinstance(value, list) else [value]:
            if candidate is not None and not any(equal(candidate, seen) for seen in values):
                values.append(candidate)
    return {"values": values}


@command("aggregate")
def _aggregate(store: Store, _session: Session, database: str, document: Document) -> Document:
    name = str(document["aggregate"])
    result = aggregation.run(_documents(store, database, name), document.get("pipeline", []))
    return _cursor(f"{database}.{name}", result)


# ---- writing ----


def _duplicate(database: str, name: str, identifier: Any) -> Document:
    message = f"E11000 duplicate key error collection: {database}.{name} index: _id_ dup key: {{ _id: {identifier!r} }}"
    return {"code": _DUPLICATE_KEY, "errmsg": message}


def _has_id(collection: Collection, identifier: Any) -> bool:
    return any(equal(item.get("_id"), identifier) for item in collection.documents)


def _finish_write(session: Session, reply: Document, errors: list[Document]) -> Document:
    if errors:
        reply["writeErrors"] = errors
    session.last_write = {"n": reply.get("n", 0), "err": errors[-1]["errmsg"] if errors else None}
    return reply


@command("insert")
def _insert(store: Store, session: Session, database: str, document: Document) -> Document:
    name = str(document["insert"])
    collection = store.ensure(database, name)
    inserted, errors = 0, []
    for index, item in enumerate(document.get("documents", [])):
        item = item if "_id" in item else {"_id": ObjectId(), **item}
        if _has_id(collection, item["_id"]):
            errors.append({"index": index, **_duplicate(database, name, item["_id"])})
            if document.get("ordered", True):
                break
            continue
        collection.documents.append(item)
        inserted += 1
    store.save(database, name)
    return _finish_write(session, {"n": inserted}, errors)


def _upsert(collection: Collection, query: Document, update: Document) -> Document:
    seed = equality_fields(query) if is_operator_update(update) else {}
    created = apply(seed, update, inserting=True)
    if "_id" not in created:
        created = {"_id": seed.get("_id", ObjectId()), **created}
    collection.documents.append(created)
    return created


def _update_one(collection: Collection, statement: Document) -> tuple[int, int, Any]:
    """Apply one update statement: (matched, modified, upserted _id or None)."""
    query, update = statement.get("q") or {}, statement.get("u") or {}
    matched = modified = 0
    for position, item in enumerate(collection.documents):
        if not matches(item, query):
            continue
        changed = apply(item, update)
        matched += 1
        if changed != item:
            collection.documents[position] = changed
            modified += 1
        if not statement.get("multi"):
            break
    if matched == 0 and statement.get("upsert"):
        return 0, 0, _upsert(collection, query, update)["_id"]
    return matched, modified, None


@command("update")
def _update(store: Store, session: Session, database: str, document: Document) -> Document:
    name = str(document["update"])
    collection = store.ensure(database, name)
    matched = modified = 0
    upserted: list[Document] = []
    errors: list[Document] = []
    for index, statement in enumerate(document.get("updates", [])):
        try:
            found, changed, new_id = _update_one(collection, statement)
        except QueryError as error:
            errors.append({"index": index, "code": 9, "errmsg": str(error)})
            break
        matched, modified = matched + found, modified + changed
        if new_id is not None:
            upserted.append({"index": index, "_id": new_id})
    store.save(database, name)
    reply: Document = {"n": matched + len(upserted), "nModified": modified}
    if upserted:
        reply["upserted"] = upserted
    return _finish_write(session, reply, errors)


@command("delete")
def _delete(store: Store, session: Session, database: str, document: Document) -> Document:
    name = str(document["delete"])
    collection = store.get(database, name)
    removed = 0
    for statement in document.get("deletes", []) if collection else []:
        assert collection is not None
        limit = int(statement.get("limit") or 0)
        keep, gone = [], 0
        for item in collection.documents:
            if matches(item, statement.get("q")) and (limit == 0 or gone < limit):
                gone += 1
            else:
                keep.append(item)
        collection.documents[:] = keep
        removed += gone
    if collection is not None:
        store.save(database, name)
    return _finish_write(session, {"n": removed}, [])


@command("findAndModify")
def _find_and_modify(store: Store, session: Session, database: str, document: Document) -> Document:
    name = str(next(iter(document.values())))
    collection = store.ensure(database, name)
    query = document.get("query") or {}
    candidates = sort([item for item in collection.documents if matches(item, query)], document.get("sort"))
    target = candidates[0] if candidates else None
    if document.get("remove"):
        if target is not None:
            collection.documents.remove(target)
        store.save(database, name)
        session.last_write = {"n": int(target is not None), "err": None}
        return {"lastErrorObject": {"n": int(target is not None)}, "value": _shown(target, document)}
    update = document.get("update") or {}
    if target is None:
        if not document.get("upsert"):
            return {"lastErrorObject": {"n": 0, "updatedExisting": False}, "value": None}
        created = _upsert(collection, query, update)
        store.save(database, name)
        value = created if document.get("new") else None
        last = {"n": 1, "updatedExisting": False, "upserted": created["_id"]}
        return {"lastErrorObject": last, "value": _shown(value, document)}
    changed = apply(target, update)
    collection.documents[collection.documents.index(target)] = changed
    store.save(database, name)
    value = changed if document.get("new") else target
    return {"lastErrorObject": {"n": 1, "updatedExisting": True}, "value": _shown(value, document)}


def _shown(item: Document | None, document: Document) -> Document | None:
    return project(item, document.get("fields")) if item is not None else None
