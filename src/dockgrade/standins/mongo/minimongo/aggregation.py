"""The aggregation stages drivers use for counting and simple reports ($match, $group with $sum, ...)."""

from __future__ import annotations

from typing import Any

from .matching import QueryError, compare, equal, matches, project, sort, values_at

Document = dict[str, Any]


def run(documents: list[Document], pipeline: list[Document]) -> list[Document]:
    """The documents coming out of ``pipeline``."""
    current = list(documents)
    for stage in pipeline:
        name, argument = next(iter(stage.items()))
        handler = _STAGES.get(name)
        if handler is None:
            raise QueryError(f"Unrecognized pipeline stage name: '{name}'")
        current = handler(current, argument)
    return current


def _value(document: Document, expression: Any) -> Any:
    """A field reference (``"$name"``) read from ``document``, or a constant."""
    if isinstance(expression, str) and expression.startswith("$"):
        found = values_at(document, expression[1:])
        return found[0] if found else None
    if isinstance(expression, dict):
        return {key: _value(document, inner) for key, inner in expression.items()}
    return expression


def _accumulate(operator: str, values: list[Any]) -> Any:
    numbers = [value for value in values if isinstance(value, int | float) and not isinstance(value, bool)]
    if operator == "$sum":
        return sum(numbers)
    if operator == "$avg":
        return sum(numbers) / len(numbers) if numbers else None
    if operator in ("$min", "$max"):
        present = [value for value in values if value is not None]
        if not present:
            return None
        best = present[0]
        for value in present[1:]:
            if (compare(value, best) < 0) == (operator == "$min"):
                best = value
        return best
    if operator == "$first":
        return values[0] if values else None
    if operator == "$last":
        return values[-1] if values else None
    if operator == "$push":
        return values
    if operator == "$addToSet":
        unique: list[Any] = []
        for value in values:
            if not any(equal(value, seen) for seen in unique):
                unique.append(value)
        return unique
    raise QueryError(f"unknown group operator '{operator}'")


def _group(documents: list[Document], specification: Document) -> list[Document]:
    groups: list[tuple[Any, list[Document]]] = []
    for document in documents:
        key = _value(document, specification.get("_id"))
        for existing_key, members in groups:
            if equal(existing_key, key):
                members.append(document)
                break
        else:
            groups.append((key, [document]))
    result = []
    for key, members in groups:
        row: Document = {"_id": key}
        for field, accumulator in specification.items():
            if field == "_id":
                continue
            operator, expression = next(iter(accumulator.items()))
            row[field] = _accumulate(operator, [_value(member, expression) for member in members])
        result.append(row)
    return result


def _unwind(documents: list[Document], path: Any) -> list[Document]:
    field = str(path["path"] if isinstance(path, dict) else path).removeprefix("$")
    result = []
    for document in documents:
        value = document.get(field)
        for item in value if isinstance(value, list) else ([] if value is None else [value]):
            result.append({**document, field: item})
    return result


_STAGES: dict[str, Any] = {
    "$match": lambda docs, query: [doc for doc in docs if matches(doc, query)],
    "$sort": sort,
    "$skip": lambda docs, count: docs[int(count) :],
    "$limit": lambda docs, count: docs[: int(count)],
    "$project": lambda docs, spec: [project(doc, spec) for doc in docs],
    "$group": _group,
    "$count": lambda docs, field: [{field: len(docs)}] if docs else [],
    "$unwind": _unwind,
    # estimatedDocumentCount() of drivers 3.6 to 4.10 on servers of wire version 12 and later.
    "$collStats": lambda docs, _spec: [{"count": len(docs), "storageStats": {"count": len(docs), "size": 0}}],
}
