"""CQL2 filters (OGC API - Features Part 3) on a collection's queryables: parsed by pygeofilter, checked, evaluated.

The parse is pygeofilter's (CQL2 text and JSON); the check refuses, with a message naming the fix,
an unknown property, a literal of the wrong type, or an operator the atlas does not implement; the
evaluation is pygeofilter's native evaluator over each candidate's typed properties (dates as dates,
the geometry as a shapely shape). The top-level AND terms that an index can answer (equality or IN
on an indexed field, S_INTERSECTS with the geometry) come back as hints, so the store narrows the
candidates first and the expression is evaluated only on those.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely
from lark.exceptions import LarkError
from pygeofilter import ast, values
from pygeofilter.backends.native.evaluate import NativeEvaluator
from pygeofilter.parsers.cql2_json import parse as parse_json
from pygeofilter.parsers.cql2_text import parse as parse_text

from app.domain.errors import BadInput
from app.formats.queryables import GEOMETRY, Queryable

LANGS = ("cql2-text", "cql2-json", "cql-text")
EXAMPLE = "filter=country='SY' AND status IN ('active','handed_over')"
COMPARISONS = (ast.Comparison, ast.Between, ast.In, ast.Like, ast.IsNull)
SUPPORTED = (ast.And, ast.Or, ast.Not, *COMPARISONS, ast.GeometryIntersects, ast.Attribute, ast.Function)
Item = Mapping[str, Any]


@dataclass(frozen=True)
class Compiled:
    """A checked filter: its test, and what the indexes can answer of it."""

    test: Callable[[Item], bool]
    hints: dict[str, tuple[Any, ...]] = field(default_factory=dict)   # field: any of these values
    bbox: tuple[float, float, float, float] | None = None
    names: frozenset[str] = frozenset()   # the properties the filter names
    exact: bool = False   # the hints are the whole filter: what the indexes give needs no evaluating


def _bad(message: str) -> BadInput:
    return BadInput(f"filter: {message}", parameter="filter", allowed=f"CQL2 on the queryables, e.g. {EXAMPLE}")


def _bbox_to_polygon(node: Any) -> Any:
    """CQL2 JSON's {"bbox": [...]} as a GeoJSON polygon (pygeofilter 0.4 reads its numbers in the wrong order)."""
    if isinstance(node, dict):
        if set(node) == {"bbox"} and isinstance(node["bbox"], list) and len(node["bbox"]) in (4, 6):
            b = node["bbox"]
            w, s, e, n = (b[0], b[1], b[2], b[3]) if len(b) == 4 else (b[0], b[1], b[3], b[4])
            return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
        return {k: _bbox_to_polygon(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_bbox_to_polygon(v) for v in node]
    return node


def parse(text: str, lang: str | None) -> ast.Node:
    """Parse a filter in CQL2 text (the default; `cql-text`, its draft name, too) or CQL2 JSON."""
    lang = lang or "cql2-text"
    if lang not in LANGS:
        raise BadInput(f"filter-lang {lang!r} is not one this server reads", parameter="filter-lang",
                       allowed=list(LANGS))
    try:
        if lang == "cql2-json":
            return parse_json(_bbox_to_polygon(json.loads(text)))
        return parse_text(text)
    except json.JSONDecodeError as exc:
        raise _bad(f"not JSON ({exc.msg} at character {exc.pos}); with filter-lang=cql2-json send CQL2 JSON, "
                   "or drop filter-lang for CQL2 text") from None
    except LarkError as exc:
        where = getattr(exc, "column", None)
        raise _bad(f"cannot be read as {lang}" + (f" at character {where}" if where else "")) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _bad(f"cannot be read as {lang} ({exc})") from None


def _literal(value: Any, q: Queryable) -> Any:
    """The literal as the queryable's type, or a 400 that says what was expected."""
    if q.type == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                pass
        raise _bad(f"{q.name} is a date: compare it with DATE('YYYY-MM-DD'), not {value!r}")
    if q.type in ("number", "integer") and not (isinstance(value, int | float) and not isinstance(value, bool)):
        raise _bad(f"{q.name} is a number: compare it with a number, not {value!r}")
    if q.type == "boolean" and not isinstance(value, bool):
        raise _bad(f"{q.name} is true or false, not {value!r}")
    if q.type == "string" and not isinstance(value, str):
        hint = f" (a partial ISO date as text; compare {q.name}_start or {q.name}_end with DATE(...))" \
            if isinstance(value, date) else ""
        raise _bad(f"{q.name} is text: quote the value, e.g. {q.name} = 'x', not {value!r}{hint}")
    if q.enum and isinstance(value, str) and value not in q.enum:
        raise _bad(f"{q.name} has no value {value!r}; its values: {', '.join(map(str, q.enum))}")
    return value


def _attribute(node: Any, fields: Mapping[str, Queryable]) -> Queryable | None:
    if not isinstance(node, ast.Attribute):
        return None
    if node.name not in fields:
        raise _bad(f"{node.name!r} is not a queryable; the queryables: {', '.join(sorted(fields))}")
    return fields[node.name]


def _names(node: Any) -> set[str]:
    """The properties an expression names."""
    if isinstance(node, ast.Attribute):
        return {node.name}
    if not isinstance(node, ast.Node):
        return set()
    return set().union(*(_names(n) for n in node.get_sub_nodes()))


def _check(node: Any, fields: Mapping[str, Queryable]) -> None:
    """Walk the expression: known properties, literals of their types (dates made dates), known operators."""
    if not isinstance(node, ast.Node):
        return
    if not isinstance(node, SUPPORTED):
        raise _bad(f"{type(node).__name__} is not implemented here; this server implements comparisons, "
                   "AND/OR/NOT, LIKE, IN, BETWEEN, IS NULL and S_INTERSECTS")
    if isinstance(node, ast.Function) and node.name.lower() != "bbox":
        raise _bad(f"no function {node.name!r} here (BBOX() only)")
    q = _attribute(getattr(node, "lhs", None), fields)
    if q is not None and q.type == GEOMETRY and not isinstance(node, ast.GeometryIntersects):
        raise _bad(f"{q.name} is the geometry: use S_INTERSECTS({q.name}, BBOX(...)) or a polygon")
    if q is not None and isinstance(node, ast.Like) and q.type != "string":
        raise _bad(f"LIKE needs text; {q.name} is a {q.type}")
    if q is not None and isinstance(node, ast.Comparison | ast.Between | ast.In):
        for attr in ("rhs", "low", "high"):
            if hasattr(node, attr) and not isinstance(getattr(node, attr), ast.Node):
                setattr(node, attr, _literal(getattr(node, attr), q))
        if isinstance(node, ast.In):
            node.sub_nodes = [_literal(v, q) for v in node.sub_nodes]
    for sub in node.get_sub_nodes():
        _check(sub, fields)
    if isinstance(node, ast.Comparison | ast.Between):
        _attribute(getattr(node, "rhs", None), fields)


def _hints(node: Any, found: dict[str, tuple[Any, ...]], boxes: list[tuple[float, ...]],
           indexed: frozenset[str]) -> bool:
    """What the top-level AND terms ask that an index can answer; True when the indexes answer this
    term exactly (equality or IN on an indexed field, named once), so it needs no evaluating."""
    if isinstance(node, ast.And):
        left = _hints(node.lhs, found, boxes, indexed)
        return _hints(node.rhs, found, boxes, indexed) and left
    if isinstance(node, ast.Equal) and isinstance(node.lhs, ast.Attribute) and node.lhs.name in indexed \
            and not isinstance(node.rhs, ast.Node):
        once = node.lhs.name not in found
        found[node.lhs.name] = (node.rhs,)
        return once
    if isinstance(node, ast.In) and not node.not_ and isinstance(node.lhs, ast.Attribute) \
            and node.lhs.name in indexed and not any(isinstance(v, ast.Node) for v in node.sub_nodes):
        once = node.lhs.name not in found
        found[node.lhs.name] = tuple(node.sub_nodes)
        return once
    if isinstance(node, ast.GeometryIntersects) and isinstance(node.rhs, values.Geometry):
        boxes.append(tuple(shapely.geometry.shape(node.rhs).bounds))
    elif isinstance(node, ast.GeometryIntersects) and isinstance(node.rhs, ast.Function):
        boxes.append(tuple(float(a) for a in node.rhs.arguments[:4]))
    return False


def _bbox_shape(*numbers: float) -> Any:
    nums = list(numbers)
    if len(nums) not in (4, 6):
        raise _bad("BBOX takes four numbers (or six)")
    w, s, e, n = nums if len(nums) == 4 else (nums[0], nums[1], nums[3], nums[4])
    return shapely.box(w, s, e, n)


def compile_filter(text: str, lang: str | None, fields: Mapping[str, Queryable],
                   indexed: frozenset[str] = frozenset()) -> Compiled:
    """Parse, check and compile a filter on `fields`; `indexed` names the fields an index answers."""
    node = parse(text, lang)
    _check(node, fields)
    test = NativeEvaluator(function_map={"bbox": _bbox_shape}, use_getattr=False).evaluate(node)

    def safe(item: Item) -> bool:
        try:
            return bool(test(item))
        except TypeError:   # a null in a comparison: unknown, so not matched (CQL2's three-valued logic)
            return False

    found: dict[str, tuple[Any, ...]] = {}
    boxes: list[tuple[float, ...]] = []
    exact = _hints(node, found, boxes, indexed)
    bbox = boxes[0] if len(boxes) == 1 and len(boxes[0]) == 4 else None
    return Compiled(safe, found, bbox, frozenset(_names(node)), exact)


def typed(props: Item, geometry: Mapping[str, Any] | None, fields: Mapping[str, Queryable],
          names: frozenset[str]) -> dict[str, Any]:
    """A feature's properties as a filter compares them: date bounds as dates, the geometry as a shape."""
    out = dict(props)
    for name in names:
        q = fields[name]
        if q.type == "date" and isinstance(out.get(name), str):
            out[name] = date.fromisoformat(out[name])
        elif q.type == GEOMETRY and geometry is not None:
            out[name] = shapely.geometry.shape(geometry)
    return out
