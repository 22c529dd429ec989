"""Handshake and server information: what drivers ask before anything else (isMaster/hello, buildInfo...)."""

from __future__ import annotations

from bson import ObjectId

from .registry import CommandError, Document, Session, command, now
from .store import Store

VERSION = "5.0.0"
# 0 admits node driver 2.2's legacy OP_QUERY commands; 13 (MongoDB 5.0) satisfies the drivers that require 4.4+.
MAX_WIRE_VERSION = 13
MAX_BSON_SIZE = 16 * 1024 * 1024


@command("isMaster", "hello")
def _hello(_store: Store, session: Session, _database: str, document: Document) -> Document:
    primary_key = "isWritablePrimary" if next(iter(document)) == "hello" else "ismaster"
    reply: Document = {
        primary_key: True,
        "maxBsonObjectSize": MAX_BSON_SIZE,
        "maxMessageSizeBytes": 48_000_000,
        "maxWriteBatchSize": 100_000,
        "localTime": now(),
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
