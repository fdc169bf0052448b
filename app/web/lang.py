"""The page's language: `lang` in the URL, else the browser's Accept-Language (Arabic or English)."""

from fastapi import Request

from app.domain.errors import BadInput
from app.domain.words import LANGS
from app.web.forms import LANG


def accepted(header: str) -> str | None:
    """The first of our languages in an Accept-Language header, by quality then order; None if neither."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and quality > 0:
            ranked.append((-quality, n, primary))
    return min(ranked)[2] if ranked else None


def page_lang(lang: str | None, request: Request | None = None) -> str:
    """Check the `lang` parameter; without one, the browser's preference; English by default."""
    if lang:
        if lang.lower() not in LANGS:
            raise BadInput(f"lang {lang!r} is not one of the languages", parameter="lang", allowed=list(LANGS))
        LANG.require(lang, "lang")
        return lang.lower()
    header = request.headers.get("accept-language", "") if request is not None else ""
    return accepted(header) or "en"


def lang_of(request: Request) -> str:
    """The language of a page about to be shown, never failing (for error pages)."""
    asked = request.query_params.get("lang", "").lower()
    return asked if asked in LANGS else accepted(request.headers.get("accept-language", "")) or "en"
