"""The /events resource: every event once, each with a stable id, as JSON and as a page for browsers."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.domain.schema import public_event
from app.domain.timeline import STATUS_OF
from app.domain.words import country_name
from app.pages.render import render
from app.store import Store
from app.web.lang import page_lang
from app.web.params import EventFiltersDep, PageDep, StoreDep
from app.web.responses import dumps, page_links, respond
from app.web.routes.pages import Lang, html

router = APIRouter(tags=["events"])
EventId = Annotated[str, Path(description="The event's id (stable once released).",
                              examples=["taji-2020-08-23-handover"])]


def event_record(store: Store, event: dict[str, Any], base: str) -> dict[str, Any]:
    """An event's public record, with links to itself, its page and its sites."""
    out = public_event(event, STATUS_OF.get(event["type"]))
    out["links"] = [{"rel": "self", "href": f"{base}/events/{event['id']}", "type": "application/json"},
                    {"rel": "alternate", "href": f"{base}/events/{event['id']}.html", "type": "text/html"},
                    *({"rel": "site", "href": f"{base}/bases/{s}", "type": "application/json"}
                      for s in event["sites"] if s in store.by_id)]
    return out


@router.get("/events", summary="Events of every site, each once, filtered")
async def list_events(request: Request, store: StoreDep, f: EventFiltersDep, page: PageDep) -> Response:
    """List events (a coalition-wide one once, with the sites it concerns), oldest first."""
    rows = store.select_events(f)
    base = str(request.base_url).rstrip("/")
    chosen = [event_record(store, e, base)
              for e in store.event_index.events(store.features, rows[page.offset:page.offset + page.limit])]
    body = {"count": len(rows), "returned": len(chosen), "events": chosen,
            "links": page_links(str(request.url), request.query_params, len(rows), page.limit, page.offset)}
    return respond(request, dumps(body))


def event_page(request: Request, store: Store, event_id: str, lang: str) -> Response:
    """Render one event's page: what, when, who reported it, the sites it concerns."""
    event = store.event(event_id)
    sites = [store.by_id[s]["properties"] for s in event["sites"] if s in store.by_id]
    body, tag = store.memo(("event", event_id, lang, today()), lambda: render(
        request.app.state.jinja, store, "event.html", lang, event=public_event(event, STATUS_OF.get(event["type"])),
        sites=sites, countries={s["country"]: country_name(s["country"], lang) for s in sites},
        nation_names={c: country_name(c, lang) for c in event["nations"]}))
    return html(request, body, tag, "Accept, Accept-Language")


@router.get("/events/{id}.html", summary="An event's page for browsers", response_class=Response,
            responses={200: {"content": {"text/html; charset=utf-8": {}}, "description": "The event's page."}})
async def get_event_html(request: Request, store: StoreDep, id: EventId, lang: Lang = None) -> Response:
    """A citable page of one event."""
    return event_page(request, store, id, page_lang(lang, request))


@router.get("/events/{id}", summary="One event, with its sources and the sites it concerns")
async def get_event(request: Request, store: StoreDep, id: EventId, lang: Lang = None) -> Response:
    """Return one event by its id; a browser (Accept: text/html) gets its page, as at /events/{id}.html."""
    chosen = page_lang(lang, request)
    if "text/html" in request.headers.get("accept", ""):
        response = event_page(request, store, id, chosen)
    else:
        response = respond(request, dumps(event_record(store, store.event(id), str(request.base_url).rstrip("/"))))
    response.headers["Vary"] = "Accept, Accept-Language"
    return response
