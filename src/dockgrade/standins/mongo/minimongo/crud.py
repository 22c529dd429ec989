"""Reading and writing documents: find, count, distinct, aggregate, insert, update, delete, findAndModify."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from . import aggregation
from .matching import QueryError, equal, equality_fields, matches, project, sort
from .registry import CommandError, Document, Session, command, cursor
from .store import Collection, Store
from .updates import apply, is_operator_update

_DUPLICATE_KEY = 11000


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
    return cursor(f"{database}.{name}", select(store, database, name, document))


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
    return cursor(f"{database}.{name}", result)


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
