"""The one mapping from domain and framework errors to HTTP statuses, and the shared error body."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from app.domain.errors import AtlasError, BadInput, DataError, NotFound

STATUS_CODES: dict[type[AtlasError], int] = {NotFound: 404, BadInput: 400, DataError: 503}


def error_body(status: int, code: str, message: str, parameter: str | None = None,
               **detail: Any) -> dict[str, Any]:
    """Return the one shape every error response has."""
    return {"error": {"status": status, "code": code, "message": message,
                      "parameter": parameter, **detail}}


def install(app: FastAPI) -> None:
    """Map every error, ours and the framework's, to the one JSON body shape."""
    async def atlas_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AtlasError)
        status = STATUS_CODES.get(type(exc), 400)
        code = type(exc).__name__.replace("Error", "").lower() or "error"
        return JSONResponse(error_body(status, _CODES.get(type(exc), code), exc.message,
                                       exc.parameter, **exc.detail), status_code=status)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        name = str(first["loc"][-1]) if first["loc"] else None
        message = f"{name}: {first['msg']}" if name else str(first["msg"])
        return JSONResponse(error_body(422, "invalid_parameter", message, name,
                                       errors=[{"parameter": str(e["loc"][-1]) if e["loc"] else None,
                                                "message": e["msg"]} for e in exc.errors()]),
                            status_code=422)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(exc.status_code, code, str(exc.detail)),
                            status_code=exc.status_code, headers=exc.headers)

    async def crash(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(error_body(500, "internal_error", "internal error"), status_code=500)

    app.add_exception_handler(AtlasError, atlas_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, crash)


_CODES: dict[type[AtlasError], str] = {NotFound: "not_found", BadInput: "invalid_parameter",
                                       DataError: "data_unavailable"}
