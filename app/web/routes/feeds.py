"""Atom feeds of events, newest first: the whole atlas (/feed.atom) and each site (/bases/{id}/feed.atom)."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.domain.schema import public_event
from app.domain.timeline import STATUS_OF
from app.domain.words import words
from app.formats.atom import FeedInfo, to_atom
from app.store import EventFilters, Store
from app.store.views import events_of
from app.web.lang import page_lang
from app.web.params import StoreDep
from app.web.responses import respond
from app.web.routes.pages import Lang

router = APIRouter(tags=["feeds"])
ATOM = "application/atom+xml"
#: The newest this many events are in a feed; /events lists them all.
FEED_LIMIT = 500
FEED_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {ATOM: {}}, "description": "An Atom 1.0 feed (RFC 4287)."}}


def _feed(request: Request, store: Store, lang: str, site_id: str | None) -> Response:
    """Make (once per site, language and host) and send a feed of the newest events."""
    base = str(request.base_url).rstrip("/")
    feature = store.get(site_id) if site_id else None
    site = feature["properties"] if feature else None

    def make() -> bytes:
        if feature is not None:   # a site's own list (its events and the coalition-wide ones), in /events order
            built = events_of(feature)[::-1][:FEED_LIMIT]
        else:
            built = store.event_index.events(store.features, store.select_events(EventFilters())[::-1][:FEED_LIMIT])
        events = [public_event(e, STATUS_OF.get(e["type"])) for e in built]
        names = {s: store.by_id[s]["properties"][f"name_{lang}"] for e in events for s in e["sites"]
                 if s in store.by_id}
        ui = words(lang)["ui"]
        title = f"{site[f'name_{lang}']} · {ui['title']}" if site else f"{ui['title']}: {ui['feed_all']}"
        page = f"{base}/bases/{site_id}.html?lang={lang}" if site else f"{base}/?lang={lang}"
        path = f"/bases/{site_id}/feed.atom" if site else "/feed.atom"
        current = store.atlas.get("data_version_date") or today().isoformat()
        info = FeedInfo(f"bases/{site_id}" if site else "events", title, page, f"{base}{path}?lang={lang}", current)
        return to_atom(events, info, lang, base, names)

    body, tag = store.memo(("feed", site_id, lang, base), make)
    return respond(request, body, ATOM, etag=tag, headers={"Vary": "Accept-Language"})


@router.get("/feed.atom", summary="Atom feed of the newest events of every site", response_class=Response,
            responses=FEED_RESPONSE)
async def feed(request: Request, store: StoreDep, lang: Lang = None) -> Response:
    """The newest events of the atlas (up to 500), newest first, in English or Arabic; each entry links
    to the event's page and names its source outlet and publication date."""
    return _feed(request, store, page_lang(lang, request), None)


@router.get("/bases/{id}/feed.atom", summary="Atom feed of one site's events", response_class=Response,
            responses=FEED_RESPONSE)
async def site_feed(request: Request, store: StoreDep,
                    id: Annotated[str, Path(description="The site's id (a slug).", examples=["taji"])],
                    lang: Lang = None) -> Response:
    """The events of one site (with the coalition-wide ones that concern it), newest first."""
    return _feed(request, store, page_lang(lang, request), id)
