"""Bytes out: JSON via orjson, ETag and 304, cache headers, attachment names, paging links."""

from datetime import date
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from app.store.etag import etag_of
from app.web.conditional import RangeNotSatisfiable, byte_range, etag_matches

JSON = "application/json"
GEOJSON = "application/geo+json"
CACHE = "public, max-age=300"


def dumps(data: Any) -> bytes:
    """Serialise to JSON bytes (UTF-8, non-ASCII kept)."""
    return orjson.dumps(data)


def respond(request: Request, body: bytes, media_type: str = JSON, *,
            filename: str | None = None, etag: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """Send prepared bytes with an ETag; 304 when the client already has them."""
    tag = etag or etag_of(body)
    headers = {"ETag": tag, "Cache-Control": CACHE, **(headers or {})}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return ranged(request, body, media_type, headers)   # remote readers (GDAL's /vsicurl/) ask for ranges


def ranged(request: Request, body: bytes, media_type: str, headers: dict[str, str]) -> Response:
    """Send a body whole (saying byte ranges are served), or the range asked for (206), or 416."""
    headers = {**headers, "Accept-Ranges": "bytes"}
    try:
        chosen = byte_range(request.headers.get("range"), len(body))
    except RangeNotSatisfiable:
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{len(body)}"})
    if chosen is None:
        return Response(body, media_type=media_type, headers=headers)
    first, last = chosen
    return Response(body[first:last + 1], status_code=206, media_type=media_type,
                    headers={**headers, "Content-Range": f"bytes {first}-{last}/{len(body)}"})


def as_of_fields(request: Request, day: date) -> dict[str, str]:
    """Say which day an answer is as of, and what was asked when that differs (a month or a year)."""
    asked = request.query_params.get("as_of")
    out = {"as_of": day.isoformat()}
    if asked and asked.strip() != out["as_of"]:
        out["as_of_requested"] = asked
    return out


def url_with(request: Request, **changes: Any) -> str:
    """Return the request's URL with some query parameters replaced (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return str(request.url.replace_query_params(**params))


def page_links(request: Request, total: int, limit: int, offset: int,
               media_type: str = JSON) -> list[dict[str, str]]:
    """Return self/next/prev links for a page of `total` items."""
    links = [{"rel": "self", "href": str(request.url), "type": media_type}]
    if offset + limit < total:
        links.append({"rel": "next", "href": url_with(request, offset=offset + limit, limit=limit),
                      "type": media_type})
    if offset > 0:
        links.append({"rel": "prev", "href": url_with(request, offset=max(0, offset - limit),
                                                      limit=limit), "type": media_type})
    return links


class ErrorDetail(BaseModel):
    """What went wrong, and which parameter was at fault."""

    status: int
    code: str
    message: str
    parameter: str | None = None
    allowed: Any = None
    did_you_mean: list[str] | None = None
    errors: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    """The one shape of every error response."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in ((400, "A parameter is malformed or out of range."),
                       (404, "No such site, event or collection."),
                       (405, "Only GET, HEAD and OPTIONS are allowed (and POST on /read)."),
                       (414, "The query string is too long."))
}
