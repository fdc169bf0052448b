"""Security headers, allowed methods, request caps and one structured log line per request."""

import base64
import hashlib
import json
import logging
import re
import time
import uuid
from functools import lru_cache

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import error_body

ALLOWED_METHODS = {"GET", "HEAD", "OPTIONS"}
MAX_QUERY = 2048
_INLINE = re.compile(rb"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S | re.I)
log = logging.getLogger("atlas.access")


@lru_cache(maxsize=64)
def inline_hashes(body: bytes) -> tuple[str, str]:
    """Return the CSP sources ('sha256-...') of a page's inline scripts and styles."""
    scripts: list[str] = []
    styles: list[str] = []
    for match in _INLINE.finditer(body):
        kind, attrs, content = match.group(1).lower(), match.group(2) or b"", match.group(3)
        if kind == b"script" and b"src=" in attrs:
            continue
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode()
        (scripts if kind == b"script" else styles).append(f"'sha256-{digest}'")
    return " ".join(sorted(set(scripts))), " ".join(sorted(set(styles)))


def page_csp(body: bytes, frame_ancestors: str, img_hosts: str = "") -> str:
    """Return the Content-Security-Policy of an HTML page: only its own origin and inline hashes."""
    scripts, styles = inline_hashes(body)
    return (f"default-src 'self'; script-src 'self' {scripts}; style-src 'self' {styles}; "
            f"img-src 'self' data: {img_hosts}; connect-src 'self'; font-src 'self'; "
            f"object-src 'none'; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}").replace("  ", " ")


def _json_response(status: int, code: str, message: str) -> tuple[Message, Message]:
    body = json.dumps(error_body(status, code, message)).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"allow", b"GET, HEAD, OPTIONS")]}
    return start, {"type": "http.response.body", "body": body}


class Guard:
    """Refuse other methods and overlong queries; add security headers, a request id, a log line."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'none'") -> None:
        self.app = app
        self.default_csp = f"default-src 'none'; frame-ancestors {frame_ancestors}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, rid = time.perf_counter(), uuid.uuid4().hex[:16]
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                            (b"x-request-id", rid.encode())]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.default_csp))
                message = {**message, "headers": headers}
            await send(message)

        try:
            if scope["method"] not in ALLOWED_METHODS:
                for msg in _json_response(405, "method_not_allowed", f"{scope['method']} is not allowed; use GET"):
                    await send_with_headers(msg)
            elif len(scope.get("query_string", b"")) > MAX_QUERY:
                for msg in _json_response(414, "query_too_long", f"the query is longer than {MAX_QUERY} bytes"):
                    await send_with_headers(msg)
            else:
                await self.app(scope, receive, send_with_headers)
        finally:
            log.info(json.dumps({"method": scope["method"], "path": scope["path"], "status": status,
                                 "ms": round((time.perf_counter() - started) * 1000, 2), "request_id": rid}))
