"""The reader's page: GET shows a form; POST reads the pasted text and shows the proposals in it. Nothing is written.

The edge (app.web.edge) lets POST through to this route only, with its body capped (413 beyond) before it is read.
"""

import asyncio
import threading
from datetime import date
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.domain.errors import BadInput, TooSlow
from app.names.normalise import is_arabic
from app.pages.render import HTML, render
from app.reader.build import day, reader_of
from app.reader.highlight import runs
from app.reader.propose import Reader
from app.store import Store
from app.store.etag import etag_of
from app.web.forms import NOT_BLANK, ONE_DAY
from app.web.lang import page_lang
from app.web.params import StoreDep
from app.web.responses import ErrorBody
from app.web.routes.pages import Lang, html

router = APIRouter(tags=["pages"])
#: The reader gives up on a text after this many seconds (a 10,000-word text takes about a second).
READ_SECONDS = 10.0
FORM = "application/x-www-form-urlencoded"
_LOCK = threading.Lock()


def _reader(request: Request, store: Store) -> Reader:
    """The app's reader, made on first use (it decodes every event once)."""
    with _LOCK:
        if getattr(request.app.state, "reader", None) is None:
            request.app.state.reader = reader_of(store)
        reader: Reader = request.app.state.reader
        return reader


@router.get("/read", summary="Read a news text: the form", response_class=Response,
            responses={200: {"content": {HTML: {}}, "description": "The reader's page."}})
async def read_form(request: Request, store: StoreDep, lang: Lang = None) -> Response:
    """A form to paste a news text into; POST it to see the events the reader proposes."""
    chosen = page_lang(lang, request)
    body, tag = store.memo(("read", chosen), lambda: render(request.app.state.jinja, store, "read.html", chosen,
                                                            text="", proposals=None))
    return html(request, body, tag)


def _fields(body: bytes, content_type: str) -> tuple[str, date | None, str | None]:
    if content_type.split(";")[0].strip().lower() != FORM:
        raise BadInput(f"send the text as a form ({FORM}), not {content_type or 'no content type'}",
                       parameter="content-type")
    try:
        fields = parse_qs(body.decode("utf-8"), max_num_fields=8, strict_parsing=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"the form cannot be read ({exc}); send UTF-8 form fields text, published, outlet",
                       parameter="text") from None
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise BadInput(f"unknown form field {unknown[0]!r}: the form takes {', '.join(FIELDS)}", parameter=unknown[0],
                       allowed=list(FIELDS))
    text, published = (fields.get("text") or [""])[0], (fields.get("published") or [""])[0]
    if not text.strip():
        raise BadInput("the field text is empty: paste a news text", parameter="text")
    try:
        on = day(published or None)
    except ValueError as exc:
        raise BadInput(f"published: {exc}", parameter="published") from None
    ONE_DAY.require(published, "published")
    return text, on, (fields.get("outlet") or [""])[0].strip() or None


FIELDS = ("text", "published", "outlet")
FORM_BODY = {"requestBody": {"required": True, "content": {FORM: {"schema": {
    "type": "object", "required": ["text"], "additionalProperties": False, "properties": {
        "text": {"type": "string", "pattern": NOT_BLANK,
                 "description": "The news text, Arabic or English (at most 200 KB in all)."},
        "published": {**ONE_DAY.schema(), "description": "Its publication day (YYYY-MM-DD)."},
        "outlet": {"type": "string", "description": "The outlet whose own text it is."}}}}}}}


@router.post("/read", summary="Read a news text: the proposals", response_class=Response, openapi_extra=FORM_BODY,
             responses={200: {"content": {HTML: {}}, "description": "The text with its proposals."},
                        413: {"model": ErrorBody, "description": "The body is larger than 200 KB."},
                        503: {"model": ErrorBody, "description": "The text took too long to read."}})
async def read_text(request: Request, store: StoreDep, lang: Lang = None) -> Response:
    """Propose the events a pasted text states (form fields text, published, outlet); nothing is saved."""
    chosen = page_lang(lang, request)
    text, on, outlet = _fields(await request.body(), request.headers.get("content-type", ""))
    def work() -> list[dict[str, Any]]:   # the first call also makes the reader: inside the time bound
        return _reader(request, store).read(text, on, outlet)

    try:
        proposals = await asyncio.wait_for(asyncio.to_thread(work), READ_SECONDS)
    except TimeoutError:
        raise TooSlow(f"the text took over {READ_SECONDS:.0f} s to read; paste a shorter part of it") from None
    names = {p["site"]: store.get(p["site"])["properties"][f"name_{chosen}"] for p in proposals if p["site"]}
    body = render(request.app.state.jinja, store, "read.html", chosen, text=text, proposals=proposals,
                  published=on.isoformat() if on else None, outlet=outlet, runs=runs(text, proposals), names=names,
                  text_lang="ar" if is_arabic(text) else "en")
    return html(request, body, etag_of(body), "Accept-Language")
