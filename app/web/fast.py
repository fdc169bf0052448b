"""The hottest queries answered before the router (and before the gzip layer, which they call only for
a client that takes gzip): the same parsers and page builders as the routes, without the framework's
routing, per-request dependency solving and Request and Response objects (most of a filtered /bases's time).

A handler reads an `Ask` (app.web.ask) and returns an `Answer`, or None to leave an unusual request
(say, a limit that is not digits) to the framework, whose errors are the documented ones.
tests/test_fast.py checks each answer is the framework's, byte for byte, headers in order.
"""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.domain.errors import AtlasError
from app.web.ask import Ask
from app.web.errors import atlas_response
from app.web.responses import Answer
from app.web.strict import check_names

Handler = Callable[[Ask], Awaitable[Answer | None]]


class Fast:
    """ASGI middleware: GET (and HEAD, which the edge turns into GET) on a path with a handler."""

    def __init__(self, app: ASGIApp, handlers: dict[str, Handler], known: dict[str, tuple[set[str], set[str]]],
                 gzip_from: int) -> None:
        self.app, self.handlers, self.known, self.gzip_from = app, handlers, known, gzip_from

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self.handlers.get(scope["path"]) if scope["type"] == "http" and scope["method"] == "GET" else None
        ask = Ask.of(scope) if handler is not None else None
        if handler is None or ask is None:
            await self.app(scope, receive, send)
            return
        try:
            check_names(ask.pairs, ask.path, *self.known[ask.path])
            found = await handler(ask)
        except AtlasError as exc:
            response = atlas_response(Request(scope, receive), exc)
            await (GZipMiddleware(response, self.gzip_from) if ask.accepts_gzip else response)(scope, receive, send)
            return
        if found is None:
            await self.app(scope, receive, send)
        elif ask.accepts_gzip:   # compressed as the framework's answers are
            await GZipMiddleware(found.response(), self.gzip_from)(scope, receive, send)
        else:
            await send({"type": "http.response.start", "status": found.status, "headers": found.raw_headers()})
            await send({"type": "http.response.body", "body": found.body})


def install(app: FastAPI, handlers: dict[str, Handler], gzip_from: int) -> None:
    """Put the handlers in front of the router, each checking the query parameters its route documents."""
    paths = app.openapi()["paths"]
    known: dict[str, tuple[set[str], set[str]]] = {}
    for path in handlers:
        params = [p for p in paths[path]["get"].get("parameters", []) if p["in"] == "query"]
        known[path] = ({p["name"] for p in params}, {p["name"] for p in params if p["schema"].get("type") == "array"})
    app.add_middleware(Fast, handlers=handlers, known=known, gzip_from=gzip_from)
