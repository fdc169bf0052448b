"""The one mapping from domain and framework errors to HTTP answers: the shared JSON body, or for a
browser (Accept: text/html) an error page in its language with a way back."""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.domain.errors import AtlasError, BadInput, DataError, NotFound, TooSlow
from app.pages.render import HTML, render
from app.web.lang import lang_of
from app.web.security import csp_headers

STATUS_CODES: dict[type[AtlasError], int] = {NotFound: 404, BadInput: 400, DataError: 503, TooSlow: 503}
_CODES: dict[type[AtlasError], str] = {NotFound: "not_found", BadInput: "invalid_parameter",
                                       DataError: "data_unavailable", TooSlow: "too_slow"}


def error_body(status: int, code: str, message: str, parameter: str | None = None,
               **detail: Any) -> dict[str, Any]:
    """Return the one shape every error response has."""
    return {"error": {"status": status, "code": code, "message": message,
                      "parameter": parameter, **detail}}


def wants_html(request: Request) -> bool:
    """Tell whether the client is a browser asking for a page (JSON clients still get JSON)."""
    accept = request.headers.get("accept", "").lstrip()
    return "text/html" in accept and not accept.startswith(("application/json", "application/geo+json"))


def error_response(request: Request, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    """Send an error body as JSON, or as a page to a browser."""
    status = body["error"]["status"]
    if not wants_html(request):
        return JSONResponse(body, status_code=status, headers=headers)
    app = request.app
    lang = lang_of(request)
    page = render(app.state.jinja, app.state.store, "error.html", lang, error=body["error"])
    return Response(page, status_code=status, media_type=HTML,
                    headers={**(headers or {}), **csp_headers(app.state.settings, page), "Vary": "Accept"})


def _validation(exc: RequestValidationError) -> dict[str, Any]:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
    name = str(first["loc"][-1]) if first["loc"] else None
    if first.get("type") == "missing" and name:
        message = f"{name} is required"
    else:
        message = f"{name}: {first['msg']}" if name else str(first["msg"])
    return error_body(400, "invalid_parameter", message, name,
                      errors=[{"parameter": str(e["loc"][-1]) if e["loc"] else None, "message": e["msg"]}
                              for e in errors])


def atlas_response(request: Request, exc: AtlasError) -> Response:
    """The answer to one of our errors: its status, code, message and parameter."""
    status = STATUS_CODES.get(type(exc), 400)
    code = _CODES.get(type(exc), type(exc).__name__.lower())
    return error_response(request, error_body(status, code, exc.message, exc.parameter, **exc.detail))


def install(app: FastAPI) -> None:
    """Map every error, ours and the framework's, to the one body shape (a 400 for any bad parameter)."""
    async def atlas_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AtlasError)
        return atlas_response(request, exc)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, _validation(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = f"nothing at {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        return error_response(request, error_body(exc.status_code, code, message), exc.headers)

    async def crash(request: Request, exc: Exception) -> Response:
        return error_response(request, error_body(500, "internal_error", "internal error"))

    app.add_exception_handler(AtlasError, atlas_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, crash)
