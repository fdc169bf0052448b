"""The hottest queries answered before the router (and before the gzip layer, which they call only for
a client that takes gzip): the same parsers and route functions, without the
framework's routing and per-request dependency solving (two thirds of a filtered /bases's time).

A handler reads its parameters from the query itself and calls the route's own function; it returns
None to leave an unusual request (say, a limit that is not digits) to the framework, whose errors
are the documented ones. tests/test_fast.py checks each answer is the framework's, byte for byte.
"""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from app.domain.errors import AtlasError
from app.web.errors import atlas_response
from app.web.strict import check_names

Handler = Callable[[Request], Awaitable[Response | None]]


class Fast:
    """ASGI middleware: GET (and HEAD, which the edge turns into GET) on a path with a handler."""

    def __init__(self, app: ASGIApp, handlers: dict[str, Handler], known: dict[str, tuple[set[str], set[str]]],
                 gzip_from: int) -> None:
        self.app, self.handlers, self.known, self.gzip_from = app, handlers, known, gzip_from

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self.handlers.get(scope["path"]) if scope["type"] == "http" and scope["method"] == "GET" else None
        if handler is not None:
            request = Request(scope, receive)
            try:
                check_names(request, *self.known[scope["path"]])
                response = await handler(request)
            except AtlasError as exc:
                response = atlas_response(request, exc)
            if response is not None:   # compressed as the framework's answers are, when the client takes gzip
                accepts = b"gzip" in dict(scope["headers"]).get(b"accept-encoding", b"")
                await (GZipMiddleware(response, self.gzip_from) if accepts else response)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app: FastAPI, handlers: dict[str, Handler], gzip_from: int) -> None:
    """Put the handlers in front of the router, each checking the query parameters its route documents."""
    paths = app.openapi()["paths"]
    known: dict[str, tuple[set[str], set[str]]] = {}
    for path in handlers:
        params = [p for p in paths[path]["get"].get("parameters", []) if p["in"] == "query"]
        known[path] = ({p["name"] for p in params}, {p["name"] for p in params if p["schema"].get("type") == "array"})
    app.add_middleware(Fast, handlers=handlers, known=known, gzip_from=gzip_from)
