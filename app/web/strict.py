"""Unknown and repeated query parameters: refused by every route, naming the closest one it knows."""

from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any, get_args, get_origin

from fastapi import Request

from app.domain.errors import BadInput


def declared(dependant: Any) -> tuple[set[str], set[str]]:
    """The query parameters a route declares (its own and its dependencies'), and those that take a list."""
    names, lists, stack = set(), set(), [dependant]
    while stack:
        current = stack.pop()
        for field in current.query_params:
            names.add(field.alias)
            annotation = field.field_info.annotation
            if list in (get_origin(annotation), *map(get_origin, get_args(annotation))):
                lists.add(field.alias)
        stack.extend(current.dependencies)
    return names, lists


_DECLARED: dict[int, tuple[set[str], set[str]]] = {}


async def strict_query(request: Request) -> None:
    """Refuse a parameter the route does not know, naming the closest one; and a single-valued one given twice."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    if id(route) not in _DECLARED:
        _DECLARED[id(route)] = declared(dependant)
    check_names(request.query_params.multi_items(), request.url.path, *_DECLARED[id(route)])


def check_names(pairs: Sequence[tuple[str, str]], path: str, known: set[str], lists: set[str]) -> None:
    """strict_query's rule for the query `pairs` (name, value) to a `path` that declares `known` (`lists` of
    them may repeat)."""
    counts: dict[str, int] = {}
    for name, _ in pairs:
        counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        if name not in known:
            near = get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.5)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            if name in ("limit", "offset") and "." in path.rsplit("/", 1)[-1]:
                hint = "; a download holds every match (page through /bases or /events instead)"
            raise BadInput(f"unknown parameter {name!r} for {path}{hint}", parameter=name,
                           allowed=sorted(known), did_you_mean=near)
        if name not in lists and count > 1:
            raise BadInput(f"{name} is given more than once; it takes one value", parameter=name)
