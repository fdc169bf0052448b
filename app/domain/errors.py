"""Domain errors: HTTP-free; app.web.errors maps them to responses."""

from typing import Any


class AtlasError(Exception):
    """Base of the atlas's domain errors; `parameter` names the input at fault, if any."""

    def __init__(self, message: str, parameter: str | None = None, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.detail = detail


class DataError(AtlasError):
    """The built data set is missing, unreadable or invalid: the server must not start."""


class NotFound(AtlasError):
    """No such site, event or collection."""


class BadInput(AtlasError):
    """A query parameter or path segment is malformed or out of range."""


class TooSlow(AtlasError):
    """A request's work ran past its time bound (a text too long to read in time)."""
