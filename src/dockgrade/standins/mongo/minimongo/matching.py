"""Query semantics: comparing BSON values, reading dotted paths, matching filters, sorting, projecting."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from bson import ObjectId
from bson.regex import Regex

Document = dict[str, Any]

# BSON's cross-type order (null < numbers < strings < objects < arrays < ... < regular expressions).
_TYPE_ORDER: tuple[tuple[type | tuple[type, ...], int], ...] = (
    (type(None), 1),
    (bool, 8),  # before the numbers: bool is a subclass of int in Python
    ((int, float), 2),
    (str, 3),
    (dict, 4),
    (list, 5),
    (bytes, 6),
    (ObjectId, 7),
    (datetime.datetime, 9),
    ((Regex, re.Pattern), 11),
)


class QueryError(Exception):
    """A filter, sort or projection that the server refuses (MongoDB's BadValue, code 2)."""


def type_rank(value: Any) -> int:
    """Position of ``value``'s type in BSON's comparison order."""
    for kind, rank in _TYPE_ORDER:
        if isinstance(value, kind):
            return rank
    return 10


def compare(left: Any, right: Any) -> int:
    """-1, 0 or 1, as MongoDB orders two values (types first, then values)."""
    left_rank, right_rank = type_rank(left), type_rank(right)
    if left_rank != right_rank:
        return -1 if left_rank < right_rank else 1
    if isinstance(left, dict):
        return compare(list(left.items()), list(right.items()))
    if isinstance(left, list | tuple):
        for a, b in zip(left, right, strict=False):
            order = compare(a, b)
            if order:
                return order
        return (len(left) > len(right)) - (len(left) < len(right))
    try:
        return int(left > right) - int(left < right)
    except TypeError:
        return (str(left) > str(right)) - (str(left) < str(right))


def equal(left: Any, right: Any) -> bool:
    """BSON equality: same type bracket and same value (so ``True`` never equals ``1``)."""
    return compare(left, right) == 0


def values_at(document: Any, path: str) -> list[Any]:
    """Every value ``path`` reaches in ``document``, spreading over arrays as MongoDB does."""
    current = [document]
    for part in path.split("."):
        found: list[Any] = []
        for value in current:
            found.extend(_step(value, part))
        current = found
    return current


def _step(value: Any, part: str) -> list[Any]:
    if isinstance(value, dict):
        return [value[part]] if part in value else []
    if isinstance(value, list):
        if part.isdigit():
            index = int(part)
            return [value[index]] if index < len(value) else []
        return [inner for item in value for inner in _step(item, part)]
    return []


def _candidates(values: list[Any]) -> list[Any]:
    """The values an operator is tried on: each found value, and each element of a found array."""
    spread: list[Any] = []
    for value in values:
        spread.append(value)
        if isinstance(value, list):
            spread.extend(value)
    return spread


def _regex(pattern: Any, options: str = "") -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return pattern
    if isinstance(pattern, Regex):
        return pattern.try_compile()
    flags = 0
    for letter, flag in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE)):
        if letter in options:
            flags |= flag
    return re.compile(str(pattern), flags)


def _matches_value(candidate: Any, expected: Any) -> bool:
    if isinstance(expected, re.Pattern | Regex) and isinstance(candidate, str):
        return _regex(expected).search(candidate) is not None
    return equal(candidate, expected)


def _any(values: list[Any], test: Callable[[Any], bool]) -> bool:
    return any(test(candidate) for candidate in _candidates(values))


def _ordered(values: list[Any], operand: Any, accept: Callable[[int], bool]) -> bool:
    # Comparisons only hold within one type bracket, as in MongoDB (5 > "a" is false, not true).
    return _any(values, lambda v: type_rank(v) == type_rank(operand) and accept(compare(v, operand)))


def _operator(name: str, values: list[Any], operand: Any, clause: Document) -> bool:
    if name == "$eq":
        return _any(values, lambda v: _matches_value(v, operand))
    if name == "$ne":
        return not _operator("$eq", values, operand, clause)
    if name in ("$gt", "$gte", "$lt", "$lte"):
        accept = {"$gt": lambda o: o > 0, "$gte": lambda o: o >= 0, "$lt": lambda o: o < 0, "$lte": lambda o: o <= 0}
        return _ordered(values, operand, accept[name])
    if name == "$in":
        return any(_operator("$eq", values, item, clause) or (item is None and not values) for item in operand)
    if name == "$nin":
        return not _operator("$in", values, operand, clause)
    if name == "$exists":
        return bool(values) == bool(operand)
    if name == "$regex":
        pattern = _regex(operand, str(clause.get("$options", "")))
        return _any(values, lambda v: isinstance(v, str) and pattern.search(v) is not None)
    if name == "$options":
        return True
    if name == "$not":
        return not _field_matches(values, operand)
    if name == "$size":
        return any(isinstance(v, list) and len(v) == operand for v in values)
    if name == "$all":
        return all(_operator("$eq", values, item, clause) for item in operand)
    if name == "$elemMatch":
        return any(isinstance(v, list) and any(_element_matches(item, operand) for item in v) for v in values)
    raise QueryError(f"unknown operator: {name}")


def _element_matches(item: Any, condition: Document) -> bool:
    if isinstance(item, dict) and not all(key.startswith("$") for key in condition):
        return matches(item, condition)
    return _field_matches([item], condition)


def _is_operator_clause(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(key.startswith("$") for key in value)


def _field_matches(values: list[Any], condition: Any) -> bool:
    if _is_operator_clause(condition):
        return all(_operator(name, values, operand, condition) for name, operand in condition.items())
    if condition is None and not values:
        return True  # {field: null} also matches documents without the field
    return _operator("$eq", values, condition, {})


def matches(document: Document, query: Document | None) -> bool:
    """True when ``document`` satisfies the filter ``query``."""
    for key, condition in (query or {}).items():
        if key == "$and":
            ok = all(matches(document, part) for part in condition)
        elif key == "$or":
            ok = any(matches(document, part) for part in condition)
        elif key == "$nor":
            ok = not any(matches(document, part) for part in condition)
        elif key in ("$comment", "$isolated", "$atomic"):
            ok = True
        elif key.startswith("$"):
            raise QueryError(f"unknown top level operator: {key}")
        else:
            ok = _field_matches(values_at(document, key), condition)
        if not ok:
            return False
    return True


def sort(documents: Iterable[Document], order: Document | None) -> list[Document]:
    """The documents in ``order`` ({field: 1 | -1, ...}); a missing field sorts as null."""
    result = list(documents)
    if not order:
        return result

    def key_compare(a: Document, b: Document) -> int:
        for path, direction in order.items():
            left, right = values_at(a, path), values_at(b, path)
            outcome = compare(left[0] if left else None, right[0] if right else None)
            if outcome:
                return outcome if direction >= 0 else -outcome
        return 0

    return sorted(result, key=functools.cmp_to_key(key_compare))


def project(document: Document, projection: Document | None) -> Document:
    """``document`` with only (or without) the fields of ``projection``; ``_id`` kept unless excluded."""
    if not projection:
        return document
    fields = {key: value for key, value in projection.items() if key != "_id"}
    including = any(bool(value) for value in fields.values())
    keep_id = bool(projection.get("_id", True))
    if including:
        chosen = {key: document[key] for key in document if fields.get(key)}
        if keep_id and "_id" in document:
            chosen = {"_id": document["_id"], **chosen}
        return chosen
    dropped = {key for key, value in fields.items() if not value} | (set() if keep_id else {"_id"})
    return {key: value for key, value in document.items() if key not in dropped}


def equality_fields(query: Document | None) -> Document:
    """The plain ``{field: value}`` (and ``$eq``) parts of a filter: what an upsert starts from."""
    seed: Document = {}
    for key, condition in (query or {}).items():
        if key == "$and":
            for part in condition:
                seed.update(equality_fields(part))
        elif key.startswith("$") or "." in key:
            continue
        elif _is_operator_clause(condition):
            if "$eq" in condition:
                seed[key] = condition["$eq"]
        else:
            seed[key] = condition
    return seed
