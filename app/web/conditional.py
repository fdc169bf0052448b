"""Conditional requests: whether an If-None-Match header names a response's ETag (one owner)."""


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """Tell whether an If-None-Match header names this ETag (or is "*")."""
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or tag in (t.strip() for t in if_none_match.split(","))


class RangeNotSatisfiable(Exception):
    """The Range asked for lies wholly outside the body (answered 416, with the body's size)."""


def byte_range(value: str | None, size: int) -> tuple[int, int] | None:
    """The one byte range a Range header asks for, as (first, last) inclusive; None to send the whole body
    (no header, another unit, several ranges, or a malformed one: RFC 9110 lets a server ignore those)."""
    if not value or not value.strip().lower().startswith("bytes=") or "," in value:
        return None
    first_text, dash, last_text = value.strip()[6:].strip().partition("-")
    if not dash or not (first_text.isdigit() or last_text.isdigit()):
        return None
    if not first_text:   # the last n bytes
        length = int(last_text)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - length), size - 1
    first = int(first_text)
    last = min(int(last_text), size - 1) if last_text.isdigit() else size - 1
    if last_text.isdigit() and int(last_text) < first:
        return None
    if first >= size:
        raise RangeNotSatisfiable
    return first, last
