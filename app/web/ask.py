"""A request to one of the hot paths (app.web.fast), read once from its ASGI scope, with no framework object:
the query (each name's values in order, parsed as Starlette parses it), the URL and base URL the
framework's routes would see, and the headers that change an answer."""

from typing import Any, ClassVar
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Scope

Origin = tuple[str, tuple[str, int] | None, bytes | None, str]


class Ask:
    """See the module docstring. `of` gives None for a scope the framework should answer itself."""

    __slots__ = ("accepts_gzip", "app", "base", "if_none_match", "last", "lists", "pairs", "path", "range",
                 "url")

    #: scheme://host and the base URL, by scheme, server, Host header and root path: Starlette's parsing of
    #: the Host header was a tenth of an answer's time, so it is done once per host (None: no host to name).
    origins: ClassVar[dict[Origin, tuple[str, str] | None]] = {}

    def __init__(self, scope: Scope, pairs: list[tuple[str, str]], url: str, base: str,
                 headers: dict[bytes, str]) -> None:
        self.app: Any = scope["app"]
        self.path: str = scope["path"]
        self.pairs, self.url, self.base = pairs, url, base
        self.lists: dict[str, list[str]] = {}
        for name, value in pairs:
            self.lists.setdefault(name, []).append(value)
        self.last = {name: values[-1] for name, values in self.lists.items()}   # as a Starlette QueryParams maps
        self.if_none_match, self.range = headers.get(b"if-none-match"), headers.get(b"range")
        self.accepts_gzip = "gzip" in headers.get(b"accept-encoding", "")

    @classmethod
    def of(cls, scope: Scope) -> "Ask | None":
        headers: dict[bytes, str] = {}
        host = None
        for key, value in scope["headers"]:   # the first of each, as Starlette's Headers.get gives it
            if key in _READ and key not in headers:
                headers[key] = value.decode("latin-1")
            elif key == b"host" and host is None:
                host = value
        server = scope.get("server")
        key = (scope.get("scheme", "http"), tuple(server) if server else None, host, scope.get("root_path", ""))
        if key not in cls.origins:
            if len(cls.origins) > 64:   # a client inventing Host headers cannot grow it
                cls.origins.clear()
            cls.origins[key] = _origin(scope)
        found = cls.origins[key]
        raw = scope["query_string"]
        try:
            query = raw.decode()
        except UnicodeDecodeError:
            return None
        if found is None:
            return None
        url = f"{found[0]}{scope['path']}?{query}" if query else f"{found[0]}{scope['path']}"
        return cls(scope, parse_qsl(raw.decode("latin-1"), keep_blank_values=True), url, found[1], headers)


_READ = frozenset({b"if-none-match", b"range", b"accept-encoding"})


def _origin(scope: Scope) -> tuple[str, str] | None:
    """scheme://host and the base URL (no trailing slash), as Starlette makes them for this scope."""
    request = Request({**scope, "path": "/", "query_string": b""})
    root = str(request.url)   # scheme://host/, or a bare path when the scope names no host
    return (root[:-1], str(request.base_url).rstrip("/")) if "://" in root else None
