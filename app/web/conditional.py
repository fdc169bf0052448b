"""Conditional requests: whether an If-None-Match header names a response's ETag (one owner)."""


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """Tell whether an If-None-Match header names this ETag (or is "*")."""
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or tag in (t.strip() for t in if_none_match.split(","))
