"""Pages rendered from the Jinja templates, in one language, with the words and currency every page shows."""

import math
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.domain.dates import parse_period, today
from app.domain.timeline import STATUSES
from app.domain.words import country_name, words
from app.formats.citation import citation_of
from app.pages.map import build_map, map_parts, via_name
from app.store import Store

HTML = "text/html; charset=utf-8"


def query(params: dict[str, Any]) -> str:
    """Return "?a=1&b=2" of the parameters that have a value ("" when none has), for a download's link."""
    given = {k: v for k, v in params.items() if v}
    return f"?{urlencode(given)}" if given else ""


def distance(metres: int, w: dict[str, dict[str, str]]) -> str:
    """Return an uncertainty radius as the page writes it: "±800 m", "±3 km" (م and كم in Arabic)."""
    if metres < 1000:
        return f"±{metres} {w['ui']['m']}"
    return f"±{math.floor(metres / 100 + 0.5) / 10:g} {w['ui']['km']}"   # half up, as the map's script


def ogc_datetime(day: str) -> str:
    """Return a date as OGC `datetime` takes it: a day as is, a month or a year as its interval of days."""
    first, last = parse_period(day)
    return first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"


def environment(templates_dir: Path, public_url: str = "http://127.0.0.1:8000") -> Environment:
    """Return the Jinja environment of the templates folder, autoescape on; `public_url` is the
    address the pages' citations give."""
    env = Environment(loader=FileSystemLoader(templates_dir),
                      autoescape=select_autoescape(default=True), auto_reload=False)
    env.globals["public_url"] = public_url
    env.filters["query"] = query
    env.filters["distance"] = distance
    env.filters["via"] = via_name
    env.filters["ogc_datetime"] = ogc_datetime
    return env


def render(env: Environment, store: Store, name: str, lang: str, **context: Any) -> bytes:
    """Render a template in one language with the words, data currency, data version and the
    suggested citation (read today) every page shows."""
    other = "en" if lang == "ar" else "ar"
    cite = citation_of(store.atlas, str(env.globals["public_url"]), today())
    html = env.get_template(name).render(lang=lang, w=words(lang), switch_query=f"lang={other}",
                                         data_as_of=store.atlas.get("data_as_of"),
                                         searched_to=store.atlas.get("searched_to"),
                                         data_version=cite.version,
                                         today=cite.accessed.isoformat(), **context)
    return html.encode("utf-8")


def script_json(data: Any) -> str:
    """JSON to embed in a <script type="application/ld+json">: "<" escaped, so no text can close the element."""
    return orjson.dumps(data).decode().replace("<", "\\u003c")


def map_page(env: Environment, store: Store, tiles: str, lang: str, context: dict[str, str] | None = None) -> bytes:
    """Render the map page of one language; it depends on the data only, so it is made once."""
    extent = store.extent
    fmap = build_map(store.features, lang, store.day_range, tiles, store.atlas.get("data_as_of"), extent, context)
    return render(env, store, "map.html", lang, parts=map_parts(fmap), statuses=STATUSES,
                  countries=[(c, country_name(c, lang)) for c in extent.countries])
