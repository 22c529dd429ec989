"""The database commands mongoose and the drivers under it send, answered from the store.

Each handler takes the command document and returns the reply document; the handlers live in ``admin``
(handshake, server information), ``catalog`` (databases, collections, indexes) and ``crud`` (documents).
Errors are MongoDB's ``{ok: 0, errmsg, code, codeName}``; write errors go in ``writeErrors`` as the real
server reports them.
"""

from __future__ import annotations

from . import admin, catalog, crud
from .matching import QueryError
from .registry import HANDLERS, CommandError, Document, Session
from .store import InvalidNamespace, Store

# The modules whose handlers register themselves on import; the version for the server's log.
MODULES = (admin, catalog, crud)
VERSION = admin.VERSION
__all__ = ["VERSION", "Session", "run"]


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
