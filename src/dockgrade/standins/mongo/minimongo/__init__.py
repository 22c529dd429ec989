"""minimongo: the MongoDB wire protocol subset that mongoose (4.x to 8.x) speaks, over a small file store.

It is the offline stand-in for the official ``mongo`` image: no MongoDB server is packaged by the registries
reachable here. Layers, each importing only those before it: ``wire`` (message framing), ``matching`` and
``updates`` and ``aggregation`` (query, update and pipeline semantics), ``store`` (collections kept under the
data directory), ``registry`` then ``admin``, ``catalog`` and ``crud`` (the database commands) gathered by
``commands``, and ``server`` (asyncio connections and the ``mongod`` command line).
"""
