"""Framing of the MongoDB wire protocol: OP_QUERY and OP_MSG requests in, OP_REPLY and OP_MSG replies out.

Old drivers (node driver 2.2, mongoose 4) send commands as OP_QUERY on ``<db>.$cmd``; drivers for
MongoDB 3.6 and later send OP_MSG once the handshake says the server speaks it. The legacy write
opcodes (OP_INSERT, OP_UPDATE, OP_DELETE) are turned into the equivalent write commands.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field
from typing import Any

import bson

OP_REPLY = 1
OP_UPDATE = 2001
OP_INSERT = 2002
OP_QUERY = 2004
OP_GET_MORE = 2005
OP_DELETE = 2006
OP_KILL_CURSORS = 2007
OP_MSG = 2013

HEADER = struct.Struct("<iiii")
MAX_MESSAGE_BYTES = 48_000_000
_MORE_TO_COME = 1 << 1
_CHECKSUM_PRESENT = 1 << 0
_request_ids = itertools.count(1)

Document = dict[str, Any]


class ProtocolError(Exception):
    """The peer sent bytes that are not a message this server understands."""


@dataclass
class Request:
    """One decoded request: the command to run and how to answer it."""

    request_id: int
    opcode: int
    database: str
    command: Document
    collection: str = ""
    wants_reply: bool = True
    # OP_QUERY on a plain collection (a legacy find): answered with the documents themselves.
    legacy_find: bool = False
    extras: Document = field(default_factory=dict)


def _cstring(data: bytes, offset: int) -> tuple[str, int]:
    end = data.index(b"\0", offset)
    return data[offset:end].decode("utf-8"), end + 1


def _documents(data: bytes, offset: int, end: int | None = None) -> list[Document]:
    chunk = data[offset:end]
    return list(bson.decode_all(chunk)) if chunk else []


def _split_namespace(namespace: str) -> tuple[str, str]:
    database, _, collection = namespace.partition(".")
    return database, collection


def decode(opcode: int, request_id: int, body: bytes) -> Request:
    """Decode one message body (the bytes after the 16-byte header)."""
    try:
        decoder = _DECODERS[opcode]
    except KeyError:
        raise ProtocolError(f"unsupported opcode {opcode}") from None
    try:
        return decoder(request_id, body)
    except (ValueError, IndexError, struct.error, bson.errors.BSONError) as error:
        raise ProtocolError(f"malformed message (opcode {opcode}): {error}") from error


def _decode_msg(request_id: int, body: bytes) -> Request:
    (flags,) = struct.unpack_from("<I", body, 0)
    end = len(body) - 4 if flags & _CHECKSUM_PRESENT else len(body)
    offset, command, sequences = 4, None, {}
    while offset < end:
        kind = body[offset]
        offset += 1
        (size,) = struct.unpack_from("<i", body, offset)
        if kind == 0:
            command = bson.decode(body[offset : offset + size])
        elif kind == 1:
            identifier, start = _cstring(body, offset + 4)
            sequences[identifier] = _documents(body, start, offset + size)
        else:
            raise ProtocolError(f"unknown OP_MSG section kind {kind}")
        offset += size
    if command is None:
        raise ProtocolError("OP_MSG without a body section")
    command.update(sequences)
    database = str(command.get("$db", "admin"))
    return Request(request_id, OP_MSG, database, command, wants_reply=not flags & _MORE_TO_COME)


def _decode_query(request_id: int, body: bytes) -> Request:
    namespace, offset = _cstring(body, 4)
    skip, limit = struct.unpack_from("<ii", body, offset)
    documents = _documents(body, offset + 8)
    query = documents[0] if documents else {}
    database, collection = _split_namespace(namespace)
    if collection == "$cmd":
        # Drivers wrap a command sent with a read preference as {$query: {...}, $readPreference: ...}.
        command = query.get("$query", query) if "$query" in query else query
        return Request(request_id, OP_QUERY, database, dict(command))
    find: Document = {"find": collection, "skip": skip, "limit": abs(limit)}
    find["filter"] = query.get("$query", query) if "$query" in query else query
    if "$orderby" in query:
        find["sort"] = query["$orderby"]
    if len(documents) > 1:
        find["projection"] = documents[1]
    return Request(request_id, OP_QUERY, database, find, collection, legacy_find=True)


def _decode_insert(request_id: int, body: bytes) -> Request:
    namespace, offset = _cstring(body, 4)
    database, collection = _split_namespace(namespace)
    command = {"insert": collection, "documents": _documents(body, offset)}
    return Request(request_id, OP_INSERT, database, command, collection, wants_reply=False)


def _decode_update(request_id: int, body: bytes) -> Request:
    namespace, offset = _cstring(body, 4)
    (flags,) = struct.unpack_from("<i", body, offset)
    selector, update = _documents(body, offset + 4)[:2]
    database, collection = _split_namespace(namespace)
    statement = {"q": selector, "u": update, "upsert": bool(flags & 1), "multi": bool(flags & 2)}
    command = {"update": collection, "updates": [statement]}
    return Request(request_id, OP_UPDATE, database, command, collection, wants_reply=False)


def _decode_delete(request_id: int, body: bytes) -> Request:
    namespace, offset = _cstring(body, 4)
    (flags,) = struct.unpack_from("<i", body, offset)
    selector = _documents(body, offset + 4)[0]
    database, collection = _split_namespace(namespace)
    command = {"delete": collection, "deletes": [{"q": selector, "limit": 1 if flags & 1 else 0}]}
    return Request(request_id, OP_DELETE, database, command, collection, wants_reply=False)


def _decode_get_more(request_id: int, body: bytes) -> Request:
    namespace, offset = _cstring(body, 4)
    (cursor_id,) = struct.unpack_from("<q", body, offset + 4)
    database, collection = _split_namespace(namespace)
    command = {"getMore": cursor_id, "collection": collection}
    return Request(request_id, OP_GET_MORE, database, command, collection, legacy_find=True)


def _decode_kill_cursors(request_id: int, body: bytes) -> Request:
    return Request(request_id, OP_KILL_CURSORS, "admin", {"killCursors": ""}, wants_reply=False)


_DECODERS = {
    OP_MSG: _decode_msg,
    OP_QUERY: _decode_query,
    OP_INSERT: _decode_insert,
    OP_UPDATE: _decode_update,
    OP_DELETE: _decode_delete,
    OP_GET_MORE: _decode_get_more,
    OP_KILL_CURSORS: _decode_kill_cursors,
}


def _frame(opcode: int, response_to: int, payload: bytes) -> bytes:
    return HEADER.pack(HEADER.size + len(payload), next(_request_ids), response_to, opcode) + payload


def reply_msg(response_to: int, document: Document) -> bytes:
    """An OP_MSG answer carrying one body document."""
    return _frame(OP_MSG, response_to, struct.pack("<IB", 0, 0) + bson.encode(document))


def reply_legacy(response_to: int, documents: list[Document], flags: int = 0) -> bytes:
    """An OP_REPLY answer (to an OP_QUERY) carrying ``documents`` and no open cursor."""
    payload = b"".join(bson.encode(document) for document in documents)
    return _frame(OP_REPLY, response_to, struct.pack("<iqii", flags, 0, 0, len(documents)) + payload)
