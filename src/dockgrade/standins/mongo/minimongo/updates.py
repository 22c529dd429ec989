"""Update semantics: replacement documents and the update operators mongoose and its users send."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from .matching import QueryError, compare, equal, matches

Document = dict[str, Any]


def is_operator_update(update: Document) -> bool:
    """True for ``{$set: ...}``-style updates, False for a replacement document."""
    return bool(update) and all(key.startswith("$") for key in update)


def apply(document: Document, update: Document, inserting: bool = False) -> Document:
    """A new document: ``document`` changed by ``update`` (``_id`` is never changed)."""
    if not is_operator_update(update):
        if any(key.startswith("$") for key in update):
            raise QueryError("an update document mixes operators and fields")
        replaced = {"_id": document["_id"]} if "_id" in document else {}
        replaced.update({key: value for key, value in update.items() if key != "_id"})
        return replaced
    result = copy.deepcopy(document)
    for operator, fields in update.items():
        if operator == "$setOnInsert" and not inserting:
            continue
        handler = _OPERATORS.get(operator)
        if handler is None:
            raise QueryError(f"unknown update operator: {operator}")
        for path, operand in fields.items():
            if path == "_id" and operator != "$setOnInsert" and not equal(result.get("_id"), operand):
                raise QueryError("the (immutable) field '_id' was found to have been altered")
            handler(result, path, operand)
    return result


def _parent(document: Document, path: str, create: bool) -> tuple[Any, str]:
    """The container holding the last part of ``path`` (created when ``create``), and that part."""
    parts = path.split(".")
    current: Any = document
    for part in parts[:-1]:
        if isinstance(current, list) and part.isdigit():
            current = current[int(part)]
            continue
        if not isinstance(current, dict):
            raise QueryError(f"cannot create field '{part}' in a non-document")
        if part not in current:
            if not create:
                return None, parts[-1]
            current[part] = {}
        current = current[part]
    return current, parts[-1]


def _get(document: Document, path: str) -> Any:
    parent, key = _parent(document, path, create=False)
    if isinstance(parent, dict):
        return parent.get(key)
    if isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        return parent[int(key)]
    return None


def _set(document: Document, path: str, value: Any) -> None:
    parent, key = _parent(document, path, create=True)
    if isinstance(parent, list) and key.isdigit():
        index = int(key)
        parent.extend([None] * (index + 1 - len(parent)))
        parent[index] = value
    elif isinstance(parent, dict):
        parent[key] = value
    else:
        raise QueryError(f"cannot set '{path}'")


def _unset(document: Document, path: str, _operand: Any) -> None:
    parent, key = _parent(document, path, create=False)
    if isinstance(parent, dict):
        parent.pop(key, None)
    elif isinstance(parent, list) and key.isdigit() and int(key) < len(parent):
        parent[int(key)] = None


def _number(document: Document, path: str, operand: Any, combine: Any) -> None:
    current = _get(document, path)
    if not isinstance(operand, int | float) or isinstance(operand, bool):
        raise QueryError(f"cannot apply an arithmetic update with a non-numeric argument to '{path}'")
    if current is not None and (not isinstance(current, int | float) or isinstance(current, bool)):
        raise QueryError(f"cannot apply an arithmetic update to the non-numeric field '{path}'")
    _set(document, path, combine(current or 0, operand))


def _array(document: Document, path: str) -> list[Any]:
    current = _get(document, path)
    if current is None:
        current = []
        _set(document, path, current)
    if not isinstance(current, list):
        raise QueryError(f"the field '{path}' must be an array")
    return current


def _each(operand: Any) -> list[Any]:
    return list(operand["$each"]) if isinstance(operand, dict) and "$each" in operand else [operand]


def _push(document: Document, path: str, operand: Any) -> None:
    _array(document, path).extend(_each(operand))


def _add_to_set(document: Document, path: str, operand: Any) -> None:
    array = _array(document, path)
    for item in _each(operand):
        if not any(equal(item, existing) for existing in array):
            array.append(item)


def _pull(document: Document, path: str, operand: Any) -> None:
    array = _array(document, path)
    if isinstance(operand, dict):
        keep = [item for item in array if not matches({"v": item}, {"v": operand})]
    else:
        keep = [item for item in array if not equal(item, operand)]
    array[:] = keep


def _pop(document: Document, path: str, operand: Any) -> None:
    array = _array(document, path)
    if array:
        array.pop(0 if operand == -1 else -1)


def _rename(document: Document, path: str, operand: Any) -> None:
    parent, key = _parent(document, path, create=False)
    if isinstance(parent, dict) and key in parent:
        _set(document, str(operand), parent.pop(key))


def _extreme(keep_new: Any) -> Any:
    def handler(document: Document, path: str, operand: Any) -> None:
        current = _get(document, path)
        if current is None or keep_new(compare(operand, current)):
            _set(document, path, operand)

    return handler


def _current_date(document: Document, path: str, _operand: Any) -> None:
    now = datetime.datetime.now(datetime.UTC)
    _set(document, path, now.replace(microsecond=now.microsecond // 1000 * 1000))


_OPERATORS: dict[str, Any] = {
    "$set": _set,
    "$setOnInsert": _set,
    "$unset": _unset,
    "$inc": lambda d, p, o: _number(d, p, o, lambda a, b: a + b),
    "$mul": lambda d, p, o: _number(d, p, o, lambda a, b: a * b),
    "$min": _extreme(lambda order: order < 0),
    "$max": _extreme(lambda order: order > 0),
    "$push": _push,
    "$addToSet": _add_to_set,
    "$pull": _pull,
    "$pop": _pop,
    "$rename": _rename,
    "$currentDate": _current_date,
}
