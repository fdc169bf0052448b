"""Responses made once and sent many times: prepared bodies and the whole-response cache.

The data set is read once and never changes while the server runs, so an API answer depends only
on the request's path, query, host and scheme, and on the day (statuses default to today). The
first request for a URL runs the app; repeats of it are sent from here, with the same ETag, 304
and gzip handling as the prepared bodies (the GeoJSON download, the map page, the borders).
"""

import gzip
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from starlette.types import Message, Scope, Send

from app.domain.dates import today
from app.store.etag import etag_of
from app.web.conditional import RangeNotSatisfiable, byte_range, etag_matches
from app.web.lang import accepted

#: Paths whose JSON answers are cached (HTML, downloads and errors are not).
CACHED_PREFIXES = ("/bases", "/events", "/geocode", "/dataset", "/ogc")
NOT_CACHED = ("/bases.", "/events.")   # downloads: large, memoised by the store instead
#: Pages and feeds under those paths: not JSON, memoised by the store (and their 304s are the app's own).
NOT_CACHED_SUFFIXES = (".html", ".atom")
JSON_TYPES = (b"application/json", b"application/geo+json")
#: Request headers the cached answer must not depend on: the cache does 304 and gzip itself.
STRIPPED = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range"}
#: Response headers the cache sets itself when it sends an entry.
CHUNK = 1 << 20   # bytes of a large body sent at a time
GZIP_FROM = 1024   # bytes: smaller bodies are sent as they are
OWN = {b"content-length", b"content-type", b"content-encoding", b"etag", b"cache-control", b"accept-ranges"}


@dataclass
class Prepared:
    """A response made once: body, its gzip, ETag, media type and extra headers."""

    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    _gzipped: bytes | None = None
    _head: list[tuple[bytes, bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.etag = self.etag or etag_of(self.body)
        extra = {k.lower(): v for k, v in self.headers.items()}
        named = [v.strip() for v in extra.pop("vary", "").split(",") if v.strip()]
        named += ["Accept-Encoding"] if len(self.body) > GZIP_FROM else []
        vary: dict[str, str] = {}
        for name in named:
            vary.setdefault(name.lower(), name)
        self._head = [(b"etag", self.etag.encode()), (b"cache-control", b"public, max-age=300"),
                      *([(b"vary", ", ".join(vary.values()).encode())] if vary else []),
                      *((k.encode(), v.encode()) for k, v in extra.items())]

    def choose(self, scope: Scope) -> "Prepared":
        """The response for this request: itself (see Daily and Negotiated for the others)."""
        return self

    @property
    def gzipped(self) -> bytes:
        """The body gzipped, made on first demand (large bodies at a faster level); b"" if tiny."""
        if self._gzipped is None:
            size = len(self.body)
            self._gzipped = gzip.compress(self.body, 6 if size < 8 << 20 else 1, mtime=0) if size > GZIP_FROM else b""
        return self._gzipped



@dataclass
class Daily:
    """A prepared body (or bodies by language) that depends on the day (a snapshot as of today, a
    citation's access date): made again when the day changes."""

    make: "Callable[[date], Prepared | Negotiated]"
    _day: date | None = None
    _made: "Prepared | Negotiated | None" = None

    def choose(self, scope: Scope) -> Prepared:
        """Today's body, made on the first request of the day."""
        now = today()
        if self._made is None or self._day != now:
            self._made, self._day = self.make(now), now
        return self._made.choose(scope)


@dataclass
class Negotiated:
    """Prepared variants of one path, chosen by the request's Accept-Language (the map in each language)."""

    variants: dict[str, Prepared]
    default: str

    def choose(self, scope: Scope) -> Prepared:
        """The variant the client prefers, else the default."""
        lang = accepted(header(scope, b"accept-language").decode("latin-1"))
        return self.variants[lang if lang in self.variants else self.default]


def header(scope: Scope, name: bytes) -> bytes:
    """Return a request header's value (b"" when absent)."""
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return b""


async def _send_range(p: Prepared, asked: str, headers: list[tuple[bytes, bytes]], out: Send) -> bool:
    """Send the byte range asked for (206) or a 416; False when the whole body is to go instead.
    A range is of the identity body: GDAL's /vsicurl/ reads a GeoPackage or a GeoJSON this way."""
    if not asked:
        return False
    body = p.body
    try:
        chosen = byte_range(asked, len(body))
    except RangeNotSatisfiable:
        await out({"type": "http.response.start", "status": 416, "headers": [
            *headers, (b"content-range", f"bytes */{len(body)}".encode()), (b"content-length", b"0")]})
        await out({"type": "http.response.body", "body": b""})
        return True
    if chosen is None:
        return False
    first, last = chosen
    part = body[first:last + 1]
    await out({"type": "http.response.start", "status": 206, "headers": [
        *headers, (b"content-type", p.media_type.encode()), (b"accept-ranges", b"bytes"),
        (b"content-range", f"bytes {first}-{last}/{len(body)}".encode()),
        (b"content-length", str(len(part)).encode())]})
    await out({"type": "http.response.body", "body": part})
    return True


async def send_prepared(p: Prepared, scope: Scope, out: Send) -> None:
    """Send a prepared response: 304 for a matching If-None-Match, gzip when the client takes it."""
    if etag_matches(header(scope, b"if-none-match").decode("latin-1"), p.etag):
        await out({"type": "http.response.start", "status": 304, "headers": p._head})
        await out({"type": "http.response.body", "body": b""})
        return
    body, headers = p.body, list(p._head)
    if await _send_range(p, header(scope, b"range").decode("latin-1"), headers, out):
        return
    headers.append((b"accept-ranges", b"bytes"))
    if p.gzipped and b"gzip" in header(scope, b"accept-encoding"):
        body = p.gzipped
        headers.append((b"content-encoding", b"gzip"))
    headers += [(b"content-type", p.media_type.encode()), (b"content-length", str(len(body)).encode())]
    await out({"type": "http.response.start", "status": 200, "headers": headers})
    if len(body) <= 4 * CHUNK:
        await out({"type": "http.response.body", "body": body})
        return
    # a large body goes in slices, each after the socket has drained: not copied whole into the
    # transport's buffer (35 MB a request at 10,000 sites)
    view = memoryview(body)
    for start in range(0, len(body), CHUNK):
        await out({"type": "http.response.body", "body": view[start:start + CHUNK],
                   "more_body": start + CHUNK < len(body)})


App = Callable[[Scope, Callable[[], Awaitable[Message]], Send], Awaitable[None]]


class ResponseCache:
    """Least-recently-used answers of the JSON API, up to a byte budget of bodies (0 turns it off;
    the gzipped copies, made on demand, add about a tenth and are not counted)."""

    def __init__(self, budget_bytes: int, largest: int = 1 << 20) -> None:
        self.budget, self.largest = budget_bytes, min(largest, budget_bytes // 8)
        self.entries: OrderedDict[tuple[object, ...], Prepared] = OrderedDict()
        self.held = 0

    def key(self, scope: Scope) -> tuple[object, ...] | None:
        """The cache key of a request, or None when its answer is not cached."""
        path = scope["path"]
        if not self.budget or not path.startswith(CACHED_PREFIXES) or path.startswith(NOT_CACHED) \
                or path.endswith(NOT_CACHED_SUFFIXES):
            return None
        if b"text/html" in header(scope, b"accept"):   # a browser asking for a site's page
            return None
        return (path, scope.get("query_string", b""), header(scope, b"host"), scope.get("scheme"),
                scope.get("root_path", ""), tuple(scope.get("server") or ()), date.today())

    async def serve(self, key: tuple[object, ...], app: App, scope: Scope,
                    receive: Callable[[], Awaitable[Message]], out: Send) -> None:
        """Send the cached answer; on a miss, run the app once (identity, no validators) and keep it."""
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
            await send_prepared(entry, scope, out)
            return
        plain = {**scope, "method": "GET",
                 "headers": [(k, v) for k, v in scope.get("headers", []) if k not in STRIPPED]}
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await app(plain, receive, keep)
        entry = self._entry(messages)
        if entry is None:   # an error, a page, a stream or too large: pass it on as it came
            for message in messages:
                await out(message)
            return
        self._put(key, entry)
        await send_prepared(entry, scope, out)

    def _entry(self, messages: list[Message]) -> Prepared | None:
        if not messages or messages[0]["status"] != 200:
            return None
        headers = {k.lower(): v for k, v in messages[0].get("headers", [])}
        if headers.get(b"content-type", b"").split(b";")[0] not in JSON_TYPES:
            return None
        body = b"".join(m.get("body", b"") for m in messages[1:])
        if len(body) > self.largest:
            return None
        return Prepared(body, headers[b"content-type"].decode("latin-1"),
                        {k.decode("latin-1"): v.decode("latin-1") for k, v in headers.items() if k not in OWN},
                        headers.get(b"etag", b"").decode("latin-1"))

    def _put(self, key: tuple[object, ...], entry: Prepared) -> None:
        self.entries[key] = entry
        self.held += len(entry.body)
        while self.held > self.budget and self.entries:
            _, dropped = self.entries.popitem(last=False)
            self.held -= len(dropped.body)
