"""Bytes out: JSON via orjson, ETag and 304, cache headers, attachment names, paging links."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import URL

from app.store.etag import etag_of
from app.web.conditional import RangeNotSatisfiable, byte_range, etag_matches

JSON = "application/json"
GEOJSON = "application/geo+json"
CACHE = "public, max-age=300"


def dumps(data: Any) -> bytes:
    """Serialise to JSON bytes (UTF-8, non-ASCII kept)."""
    return orjson.dumps(data)


#: The header names answers give, lower-cased once.
_NAMES = {name: name.lower().encode("latin-1") for name in ("ETag", "Cache-Control", "Accept-Ranges", "Content-Crs",
                                                            "Link", "Content-Range", "Content-Disposition")}


@dataclass(slots=True)
class Answer:
    """What to send: a status, headers (the framework adds Content-Length and Content-Type) and a body."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    media_type: str | None = None

    def response(self) -> Response:
        return Response(self.body, status_code=self.status, media_type=self.media_type, headers=self.headers)

    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        """The headers as the framework's Response sends them, for the hot paths that skip making one
        (the given ones lower-cased, then Content-Length, then Content-Type; tests/test_fast.py compares)."""
        raw = [(_NAMES.get(k) or k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
        keys = [k for k, _ in raw]
        if b"content-length" not in keys and self.status >= 200 and self.status not in (204, 304):
            raw.append((b"content-length", str(len(self.body)).encode("latin-1")))
        if self.media_type is not None and b"content-type" not in keys:
            charset = "; charset=utf-8" if self.media_type.startswith("text/") and "charset=" not in \
                self.media_type.lower() else ""
            raw.append((b"content-type", (self.media_type + charset).encode("latin-1")))
        return raw


def answer(body: bytes, media_type: str, if_none_match: str | None, range_asked: str | None, *,
           filename: str | None = None, etag: str | None = None, headers: dict[str, str] | None = None) -> Answer:
    """Prepared bytes with an ETag; 304 when the client already has them; a byte range when asked for one
    (remote readers such as GDAL's /vsicurl/ ask for ranges)."""
    tag = etag or etag_of(body)
    out = {"ETag": tag, "Cache-Control": CACHE, **(headers or {})}
    if filename:
        out["Content-Disposition"] = f'attachment; filename="{filename}"'
    if etag_matches(if_none_match, tag):
        return Answer(304, out)
    return ranged_answer(body, media_type, range_asked, out)


def ranged_answer(body: bytes, media_type: str, range_asked: str | None, headers: dict[str, str]) -> Answer:
    """A body whole (saying byte ranges are served), or the range asked for (206), or 416."""
    headers = {**headers, "Accept-Ranges": "bytes"}
    try:
        chosen = byte_range(range_asked, len(body))
    except RangeNotSatisfiable:
        return Answer(416, {**headers, "Content-Range": f"bytes */{len(body)}"})
    if chosen is None:
        return Answer(200, headers, body, media_type)
    first, last = chosen
    return Answer(206, {**headers, "Content-Range": f"bytes {first}-{last}/{len(body)}"}, body[first:last + 1],
                  media_type)


def respond(request: Request, body: bytes, media_type: str = JSON, *,
            filename: str | None = None, etag: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
    """`answer` for a request, as the framework's Response."""
    return answer(body, media_type, request.headers.get("if-none-match"), request.headers.get("range"),
                  filename=filename, etag=etag, headers=headers).response()


def as_of_fields(asked: str | None, day: date) -> dict[str, str]:
    """Say which day an answer is as of, and what was asked (`asked`, the raw as_of) when that differs."""
    out = {"as_of": day.isoformat()}
    if asked and asked.strip() != out["as_of"]:
        out["as_of_requested"] = asked
    return out


def url_with(url: str, query: Mapping[str, str], **changes: Any) -> str:
    """Return a URL with some of its query parameters (`query`, the last value of each) replaced (None removes one)."""
    params = dict(query)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return str(URL(url).replace_query_params(**params))


def page_links(url: str, query: Mapping[str, str], total: int, limit: int, offset: int,
               media_type: str = JSON) -> list[dict[str, str]]:
    """Return self/next/prev links for a page of `total` items, from the request's URL and query."""
    links = [{"rel": "self", "href": url, "type": media_type}]
    if offset + limit < total:
        links.append({"rel": "next", "href": url_with(url, query, offset=offset + limit, limit=limit),
                      "type": media_type})
    if offset > 0:
        links.append({"rel": "prev", "href": url_with(url, query, offset=max(0, offset - limit),
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
