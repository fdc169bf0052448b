"""The outermost layer: methods, caps, CORS, HEAD, security headers, request log, cached bodies.

One pass per request instead of a stack of middleware. Bodies that do not depend on the query
(the GeoJSON download, the map page, the borders layer) are prepared once, gzipped once, and sent
from here without entering the framework; so are repeats of an API answer (see app.web.cache).
"""

import atexit
import itertools
import json
import os
import sys
import time
from typing import TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.cache import Daily, Negotiated, Prepared, ResponseCache, send_prepared
from app.web.errors import error_body

ALLOWED_METHODS = {"GET", "HEAD", "OPTIONS"}
#: The only routes that take a body (POST), each with the largest body it accepts, in bytes.
BODY_ROUTES = {"/read": 200 * 1024}
MAX_QUERY = 2048
CORS = [(b"access-control-allow-origin", b"*"), (b"access-control-expose-headers", b"ETag")]
PREFLIGHT = [(b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
             (b"access-control-allow-headers", b"If-None-Match"), (b"access-control-max-age", b"86400")]


def _allowed(path: str) -> str:
    """The methods a path takes: a route that takes a body also POST (same origin only: no CORS for it)."""
    return "GET, HEAD, OPTIONS, POST" if path in BODY_ROUTES else "GET, HEAD, OPTIONS"


class AccessLog:
    """One JSON line per request on stderr, buffered: written at 64 KiB, after 1 s, and at exit.

    The logging module cost a fifth of a cached request's time; this costs a string and a write.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.lines: list[str] = []
        self.size, self.last = 0, time.monotonic()
        atexit.register(self.flush)

    def write(self, method: str, path: str, status: int, ms: float, rid: str) -> None:
        line = (f'{{"method":"{method}","path":{json.dumps(path)},"status":{status},'
                f'"ms":{ms:.2f},"request_id":"{rid}"}}\n')
        self.lines.append(line)
        self.size += len(line)
        now = time.monotonic()
        if self.size > 65536 or now - self.last > 1.0:
            self.flush(now)

    def flush(self, now: float | None = None) -> None:
        if self.lines:
            try:
                self.stream.write("".join(self.lines))
                self.stream.flush()
            except (ValueError, OSError):   # stream closed at interpreter exit: nothing to do
                pass
            self.lines, self.size = [], 0
        self.last = now or time.monotonic()


_ids = itertools.count(1)
_PROCESS = os.urandom(4).hex()


class Edge:
    """See the module docstring; `prepared` maps a path (asked with no query) to its response."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'none'",
                 prepared: dict[str, Prepared | Negotiated | Daily] | None = None, log: AccessLog | None = None,
                 cache: ResponseCache | None = None) -> None:
        self.app = app
        self.log = log or AccessLog()
        self.prepared = prepared if prepared is not None else {}
        self.cache = cache or ResponseCache(0)
        self.security = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        self.default_csp = f"default-src 'none'; frame-ancestors {frame_ancestors}".encode()
        self.tail = [*self.security, *CORS]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, rid, status = time.perf_counter(), f"{_PROCESS}{next(_ids):08x}", 0
        method, head = scope["method"], scope["method"] == "HEAD"

        async def out(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))   # names lower-cased, as ASGI has them
                if not any(k == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", self.default_csp))
                message = {**message, "headers": [*headers, *self.tail, (b"x-request-id", rid.encode())]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        try:
            if method == "POST" and scope["path"] in BODY_ROUTES:
                await self._with_body(scope, receive, out, BODY_ROUTES[scope["path"]])
            elif method not in ALLOWED_METHODS:
                await _error(out, 405, "method_not_allowed", f"{method} is not allowed; use GET",
                             _allowed(scope["path"]))
            elif len(scope.get("query_string", b"")) > MAX_QUERY:
                await _error(out, 414, "query_too_long", f"the query is longer than {MAX_QUERY} bytes")
            elif method == "OPTIONS":
                await _preflight(out, scope["path"])
            elif not scope.get("query_string") and scope["path"] in self.prepared:
                await send_prepared(self.prepared[scope["path"]].choose(scope), scope, out)
            elif (key := self.cache.key(scope)) is not None:
                await self.cache.serve(key, self.app, scope, receive, out)
            else:
                await self.app({**scope, "method": "GET"} if head else scope, receive, out)
        finally:
            self.log.write(method, scope["path"], status, (time.perf_counter() - started) * 1000, rid)


    async def _with_body(self, scope: Scope, receive: Receive, out: Send, cap: int) -> None:
        """Read a body up to `cap` bytes (refused at once when Content-Length says more), then run the app."""
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        too_big = f"the body is larger than {cap // 1024} KB: paste a shorter text (or split it in parts)"
        if declared.isdigit() and int(declared) > cap:
            await _error(out, 413, "body_too_large", too_big)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > cap:
                await _error(out, 413, "body_too_large", too_big)
                return
        body = b"".join(chunks)

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, out)


async def _preflight(out: Send, path: str) -> None:
    await out({"type": "http.response.start", "status": 204,
               "headers": [*PREFLIGHT, (b"allow", _allowed(path).encode())]})
    await out({"type": "http.response.body", "body": b""})


async def _error(out: Send, status: int, code: str, message: str, allowed: str = "GET, HEAD, OPTIONS") -> None:
    body = json.dumps(error_body(status, code, message)).encode()
    await out({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"allow", allowed.encode())]})
    await out({"type": "http.response.body", "body": body})
