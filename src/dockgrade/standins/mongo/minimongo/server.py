"""The ``mongod`` command: asyncio connections speaking the wire protocol, one store shared by all.

Accepts the options students pass to the official image (``--port``, ``--bind_ip``, ``--bind_ip_all``,
``--dbpath``) and ignores the storage and logging tuning ones (``--smallfiles``, ``--quiet``...).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import itertools
import signal
import sys
from pathlib import Path

from . import commands, wire
from .store import Store

_connections = itertools.count(1)


def log(component: str, message: str) -> None:
    """One log line on stdout, shaped like mongod's so ``docker logs`` reads familiarly."""
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")
    print(f"{stamp} I {component:<8} [minimongo] {message}", flush=True)


def answer(store: Store, session: commands.Session, request: wire.Request) -> bytes | None:
    """The bytes answering ``request`` (None when the client asked for no answer)."""
    reply = commands.run(store, session, request.database, request.command)
    if not request.wants_reply:
        return None
    if request.opcode == wire.OP_MSG:
        return wire.reply_msg(request.request_id, reply)
    if request.legacy_find:
        if not reply["ok"]:
            return wire.reply_legacy(request.request_id, [{"$err": reply["errmsg"], **reply}], flags=2)
        return wire.reply_legacy(request.request_id, reply["cursor"]["firstBatch"])
    return wire.reply_legacy(request.request_id, [reply])


async def _serve(store: Store, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    session = commands.Session(next(_connections))
    peer = writer.get_extra_info("peername")
    log("NETWORK", f"connection accepted from {peer} #{session.connection_id}")
    try:
        while True:
            header = await reader.readexactly(wire.HEADER.size)
            length, request_id, _response_to, opcode = wire.HEADER.unpack(header)
            if not wire.HEADER.size <= length <= wire.MAX_MESSAGE_BYTES:
                raise wire.ProtocolError(f"message length {length} out of bounds")
            body = await reader.readexactly(length - wire.HEADER.size)
            reply = answer(store, session, wire.decode(opcode, request_id, body))
            if reply is not None:
                writer.write(reply)
                await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    except wire.ProtocolError as error:
        log("NETWORK", f"closing connection #{session.connection_id}: {error}")
    finally:
        writer.close()
        log("NETWORK", f"end connection {peer} #{session.connection_id}")


def parse(argv: list[str]) -> argparse.Namespace:
    """mongod's options that matter here; the rest are accepted and ignored."""
    parser = argparse.ArgumentParser(prog="mongod", add_help=False)
    parser.add_argument("--port", type=int, default=27017)
    parser.add_argument("--bind_ip", default="0.0.0.0")
    parser.add_argument("--bind_ip_all", action="store_true")
    parser.add_argument("--dbpath", default="/data/db")
    parser.add_argument("--version", action="store_true")
    options, _ignored = parser.parse_known_args(argv)
    return options


async def main(argv: list[str]) -> int:
    """Serve until SIGTERM or SIGINT."""
    options = parse(argv)
    if options.version:
        print(f"db version v{commands.VERSION} (minimongo, the offline stand-in)")
        return 0
    store = Store(Path(options.dbpath))
    hosts = ["0.0.0.0"] if options.bind_ip_all else [host.strip() for host in options.bind_ip.split(",")]
    server = await asyncio.start_server(lambda r, w: _serve(store, r, w), hosts, options.port)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    log("CONTROL", f"MongoDB-compatible stand-in, version {commands.VERSION}, dbpath={options.dbpath}")
    log("NETWORK", f"waiting for connections on port {options.port}")
    async with server:
        await stop.wait()
    log("CONTROL", "shutting down")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
