"""minimongo, the mongo stand-in's server: wire framing, query and update semantics, commands, the store."""

from __future__ import annotations

import struct
import sys
from pathlib import Path
from typing import Any

import bson
import pytest
from bson import ObjectId

from dockgrade.offline.recipes import by_name

sys.path.insert(0, str(by_name("mongo").folder()))

from minimongo import commands, matching, server, updates, wire
from minimongo.store import InvalidNamespace, Store

_ALICE = ObjectId("6b1120dcf9340e06b7bc6771")


def _query_body(namespace: str, query: dict[str, Any], skip: int = 0, limit: int = -1) -> bytes:
    return struct.pack("<i", 0) + namespace.encode() + b"\0" + struct.pack("<ii", skip, limit) + bson.encode(query)


def _msg_body(body: dict[str, Any], sequence: tuple[str, list[dict[str, Any]]] | None = None, flags: int = 0) -> bytes:
    payload = struct.pack("<I", flags) + b"\0" + bson.encode(body)
    if sequence is not None:
        name, documents = sequence
        chunk = name.encode() + b"\0" + b"".join(bson.encode(document) for document in documents)
        payload += b"\1" + struct.pack("<i", len(chunk) + 4) + chunk
    return payload


def _run(store: Store, document: dict[str, Any], database: str = "mydb") -> dict[str, Any]:
    return commands.run(store, commands.Session(1), database, document)


def test_op_query_command_unwraps_read_preference() -> None:
    """A driver 2.2 command on <db>.$cmd wrapped in $query is decoded as the bare command for that database."""
    body = _query_body("mydb.$cmd", {"$query": {"find": "clients", "filter": {}}, "$readPreference": {}})
    request = wire.decode(wire.OP_QUERY, 7, body)
    assert (request.database, request.command, request.legacy_find) == (
        "mydb",
        {"find": "clients", "filter": {}},
        False,
    )


def test_op_msg_document_sequence_joins_the_command() -> None:
    """An OP_MSG kind-1 section (the documents of an insert) becomes the command's field of that name."""
    body = _msg_body({"insert": "clients", "$db": "mydb"}, ("documents", [{"name": "Alice"}, {"name": "Bob"}]))
    request = wire.decode(wire.OP_MSG, 3, body)
    assert request.database == "mydb"
    assert request.command["documents"] == [{"name": "Alice"}, {"name": "Bob"}]
    assert request.wants_reply


def test_op_msg_more_to_come_wants_no_reply() -> None:
    """An unacknowledged write (moreToCome flag) is run but never answered."""
    request = wire.decode(wire.OP_MSG, 3, _msg_body({"ping": 1, "$db": "admin"}, flags=2))
    assert not request.wants_reply


@pytest.mark.parametrize(("opcode", "body"), [(wire.OP_MSG, b"\0\0\0\0\0\x05"), (9999, b""), (wire.OP_QUERY, b"\0")])
def test_malformed_messages_are_protocol_errors(opcode: int, body: bytes) -> None:
    """Truncated bodies and unknown opcodes end the connection with a ProtocolError, never another exception."""
    with pytest.raises(wire.ProtocolError):
        wire.decode(opcode, 1, body)


def test_legacy_find_answers_with_the_documents(tmp_path: Path) -> None:
    """OP_QUERY on a collection (a legacy find) is answered by an OP_REPLY holding the matching documents."""
    store = Store(tmp_path)
    _run(store, {"insert": "clients", "documents": [{"_id": 1, "name": "Alice"}, {"_id": 2, "name": "Bob"}]})
    request = wire.decode(wire.OP_QUERY, 9, _query_body("mydb.clients", {"$query": {"name": "Bob"}}))
    reply = server.answer(store, commands.Session(1), request)
    assert reply is not None
    length, _, response_to, opcode = wire.HEADER.unpack(reply[:16])
    assert (length, response_to, opcode) == (len(reply), 9, wire.OP_REPLY)
    assert struct.unpack_from("<i", reply, 32)[0] == 1
    assert bson.decode_all(reply[36:]) == [{"_id": 2, "name": "Bob"}]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"_id": _ALICE}, True),
        ({"_id": ObjectId()}, False),
        ({"name": "Alice", "age": {"$gte": 30, "$lt": 40}}, True),
        ({"age": {"$gt": "3"}}, False),  # no comparison across types
        ({"tags": "b"}, True),  # a value matches an array holding it
        ({"tags": {"$in": ["x", "a"]}, "name": {"$nin": ["Bob"]}}, True),
        ({"address.city": "Recife"}, True),
        ({"missing": None}, True),
        ({"missing": {"$exists": True}}, False),
        ({"$or": [{"name": "Bob"}, {"age": 33}]}, True),
        ({"name": {"$regex": "^al", "$options": "i"}}, True),
        ({"active": 1}, False),  # True is not 1 in BSON
        ({"name": {"$not": {"$eq": "Alice"}}}, False),
    ],
)
def test_filters(query: dict[str, Any], expected: bool) -> None:
    """Filters mongoose and students write match as MongoDB would."""
    document = {
        "_id": _ALICE,
        "name": "Alice",
        "age": 33,
        "tags": ["a", "b"],
        "address": {"city": "Recife"},
        "active": True,
    }
    assert matching.matches(document, query) is expected


def test_unknown_query_operator_is_refused() -> None:
    """An operator the server does not know is a BadValue, not a silent non-match."""
    with pytest.raises(matching.QueryError):
        matching.matches({"a": 1}, {"a": {"$near": [0, 0]}})


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({"$set": {"name": "Bob", "address.city": "Natal"}}, {"name": "Bob", "n": 1, "address": {"city": "Natal"}}),
        ({"$inc": {"n": 2}, "$unset": {"name": ""}}, {"n": 3}),
        ({"$push": {"tags": {"$each": ["a", "b"]}}}, {"name": "Alice", "n": 1, "tags": ["a", "b"]}),
        ({"name": "Carol"}, {"name": "Carol"}),  # a replacement keeps only _id
    ],
)
def test_updates(update: dict[str, Any], expected: dict[str, Any]) -> None:
    """Update operators and replacement documents change a copy, never the _id."""
    original = {"_id": 1, "name": "Alice", "n": 1}
    assert updates.apply(original, update) == {"_id": 1, **expected}
    assert original == {"_id": 1, "name": "Alice", "n": 1}


def test_changing_id_is_refused() -> None:
    """$set on _id with another value fails as on MongoDB (the field is immutable)."""
    with pytest.raises(matching.QueryError, match="immutable"):
        updates.apply({"_id": 1}, {"$set": {"_id": 2}})


def test_handshake_advertises_both_protocols() -> None:
    """isMaster answers as a writable primary speaking wire versions 0 (OP_QUERY) up to OP_MSG's."""
    reply = _run(Store(None), {"isMaster": 1, "client": {}}, "admin")
    assert reply["ok"] == 1.0
    assert reply["ismaster"] is True
    assert reply["minWireVersion"] == 0
    assert reply["maxWireVersion"] >= 6
    assert _run(Store(None), {"hello": 1, "helloOk": True}, "admin")["isWritablePrimary"] is True


def test_crud_through_commands(tmp_path: Path) -> None:
    """insert, find by ObjectId, findAndModify (new), update with upsert and delete, as mongoose sends them."""
    store = Store(tmp_path)
    assert _run(store, {"insert": "clients", "documents": [{"_id": _ALICE, "name": "Alice"}]})["n"] == 1
    found = _run(store, {"find": "clients", "filter": {"_id": _ALICE}})["cursor"]["firstBatch"]
    assert found == [{"_id": _ALICE, "name": "Alice"}]
    changed = _run(
        store, {"findAndModify": "clients", "query": {"_id": _ALICE}, "update": {"$set": {"name": "Bob"}}, "new": True}
    )
    assert changed["value"] == {"_id": _ALICE, "name": "Bob"}
    upserted = _run(
        store, {"update": "clients", "updates": [{"q": {"name": "Eve"}, "u": {"$set": {"n": 1}}, "upsert": True}]}
    )
    assert upserted["n"] == 1
    assert len(upserted["upserted"]) == 1
    assert _run(store, {"delete": "clients", "deletes": [{"q": {"_id": _ALICE}, "limit": 1}]})["n"] == 1
    left = _run(store, {"find": "clients", "filter": {}, "projection": {"_id": 0}})["cursor"]["firstBatch"]
    assert left == [{"name": "Eve", "n": 1}]


def test_duplicate_id_is_a_write_error() -> None:
    """A second document with the same _id is refused with E11000, as mongoose expects."""
    store, session = Store(None), commands.Session(1)
    reply = commands.run(store, session, "mydb", {"insert": "c", "documents": [{"_id": 1}, {"_id": 1}]})
    assert reply["n"] == 1
    assert reply["writeErrors"][0]["code"] == 11000
    assert commands.run(store, session, "mydb", {"getLastError": 1})["err"].startswith("E11000")


def test_unknown_command_and_bad_names_are_errors() -> None:
    """An unknown command is CommandNotFound (59); a name escaping the data directory is InvalidNamespace."""
    store = Store(None)
    assert _run(store, {"eval": "1"})["code"] == 59
    assert _run(store, {"insert": "../etc", "documents": [{}]})["code"] == 73
    with pytest.raises(InvalidNamespace):
        store.ensure("a/b", "c")


def test_count_stages_and_commands(tmp_path: Path) -> None:
    """countDocuments' pipeline ($match, $group $sum) and the count command agree."""
    store = Store(tmp_path)
    _run(store, {"insert": "c", "documents": [{"k": 1}, {"k": 2}, {"k": 2}]})
    pipeline = [{"$match": {"k": 2}}, {"$group": {"_id": 1, "n": {"$sum": 1}}}]
    assert _run(store, {"aggregate": "c", "pipeline": pipeline, "cursor": {}})["cursor"]["firstBatch"] == [
        {"_id": 1, "n": 2}
    ]
    assert _run(store, {"count": "c", "query": {"k": 2}})["n"] == 2


def test_store_survives_a_restart(tmp_path: Path) -> None:
    """What one server wrote under its dbpath is there for the next server on the same folder."""
    first = Store(tmp_path)
    _run(first, {"insert": "clients", "documents": [{"_id": _ALICE, "name": "Alice"}]})
    _run(first, {"createIndexes": "clients", "indexes": [{"key": {"name": 1}, "name": "name_1"}]})
    second = Store(tmp_path)
    assert _run(second, {"find": "clients", "filter": {}})["cursor"]["firstBatch"] == [{"_id": _ALICE, "name": "Alice"}]
    names = [index["name"] for index in _run(second, {"listIndexes": "clients"})["cursor"]["firstBatch"]]
    assert names == ["_id_", "name_1"]


def test_legacy_write_opcodes_then_get_last_error(tmp_path: Path) -> None:
    """OP_INSERT and OP_UPDATE (drivers of wire version < 2) write unanswered; getLastError then reports."""
    store, session = Store(tmp_path), commands.Session(1)
    insert = wire.decode(wire.OP_INSERT, 1, struct.pack("<i", 0) + b"mydb.c\0" + bson.encode({"_id": 1, "n": 1}))
    assert server.answer(store, session, insert) is None
    selector, change = bson.encode({"_id": 1}), bson.encode({"$inc": {"n": 1}})
    update = wire.decode(
        wire.OP_UPDATE, 2, struct.pack("<i", 0) + b"mydb.c\0" + struct.pack("<i", 0) + selector + change
    )
    assert server.answer(store, session, update) is None
    assert commands.run(store, session, "mydb", {"getlasterror": 1})["n"] == 1
    assert _run(store, {"find": "c", "filter": {}})["cursor"]["firstBatch"] == [{"_id": 1, "n": 2}]
