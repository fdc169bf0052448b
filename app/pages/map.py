"""The interactive map: a Folium (Leaflet) figure built by a pure function, served offline."""

from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from markupsafe import Markup

from app.domain.dates import known_by
from app.domain.timeline import STATUSES, presence_after
from app.domain.words import ADMIN1_AR, country_name, words
from app.pages.context import ContextLayer, context_options
from app.pages.scripts import script_json
from app.store import Extent
from app.store.views import events_of

CLUSTER_ABOVE = 500
#: Above this many sites the page embeds none: the browser asks /bases for the visible box.
LAZY_ABOVE = 2000
TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
    "satellite": ("https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
                  "Tiles &copy; Esri"),
}


TILE_HOSTS = {"osm": "https://tile.openstreetmap.org", "satellite": "https://server.arcgisonline.com"}


class OfflineMap(folium.Map):
    """A folium Map whose Leaflet comes from the app, not a CDN (class-level, not per instance)."""

    default_js = [("leaflet", "/static/vendor/leaflet/leaflet.js")]  # noqa: RUF012 - folium reads it per class
    default_css = [("leaflet_css", "/static/vendor/leaflet/leaflet.css")]  # noqa: RUF012


class AtlasLayer(JSCSSMixin, MacroElement):
    """The sites, their time-aware status colours, popups, search and controls (atlas.js)."""

    _template = Template("""
{% macro script(this, kwargs) %}
    atlasInit({{ this._parent.get_name() }}, {{ this.script_json }});
{% endmacro %}
""")
    default_js = [  # noqa: RUF012
        ("markercluster", "/static/vendor/markercluster/leaflet.markercluster.js"),
        ("atlas", "/static/app/atlas.js"),
        ("atlas_drawer", "/static/app/drawer.js"),
        ("atlas_timebar", "/static/app/timebar.js"),
    ]
    default_css = [  # noqa: RUF012
        ("markercluster_css", "/static/vendor/markercluster/MarkerCluster.css"),
        ("markercluster_default_css", "/static/vendor/markercluster/MarkerCluster.Default.css"),
        ("atlas_css", "/static/app/atlas.css"),
    ]

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AtlasLayer"
        self.options = options

    @property
    def script_json(self) -> Markup:
        """The options as JSON that is safe inside a <script> (see app.pages.scripts)."""
        return script_json(self.options)


def admin1_name(props: dict[str, Any], lang: str) -> str | None:
    """Return the site's governorate in the page's language, or None when no source gives it in that language.

    The data names governorates in English; in Arabic, Natural Earth's names (app.domain.words.ADMIN1_AR,
    the context layer's source); a governorate it lacks is shown in neither rather than guessed.
    """
    name = props.get("admin1")
    return name if lang == "en" or name is None else ADMIN1_AR.get(name)


def via_name(via: dict[str, Any] | None, lang: str) -> str | None:
    """Return how a page names the publication a report came through: its Arabic title on an Arabic page
    (the data has no Arabic name of the outlet), else the outlet."""
    if not via:
        return None
    title = via.get(f"title_{lang}") if lang == "ar" else None
    return f"«{title}»" if title else str(via.get("outlet"))


def event_days(features: list[dict[str, Any]]) -> list[str]:
    """Return the days events count from (the date bar's marks), each once, in order."""
    return sorted({known_by(e["date"]).isoformat() for f in features for e in events_of(f)})


def site_record(feature: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return what the map needs of one site: names, place, status transitions, events.

    Each event carries the day it counts from and the nations present after it (the rule of
    app.domain.timeline), so the page shows any date's state without a rule of its own.
    """
    props = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    events = events_of(feature)
    present = presence_after(events, props["country"])
    return {
        "id": props["id"], "name_en": props["name_en"], "name_ar": props["name_ar"],
        "aliases": props["aliases"], "kind": props["kind"], "country": props["country"],
        "country_name": country_name(props["country"], lang), "admin1": admin1_name(props, lang),
        "lon": lon, "lat": lat, "uncertainty_m": props["uncertainty_m"],
        "location_source": props["location_source"],
        "transitions": feature["_transitions"],
        "events": [{"id": e["id"], "date": e["date"], "counts_from": known_by(e["date"]).isoformat(),
                    "present": nations, "type": e["type"], "summary_en": e["summary_en"],
                    "summary_ar": e["summary_ar"], "outlet": e["source"]["outlet"],
                    "published": e["source"]["published"], "url": e["source"].get("url"),
                    "via": via_name(e["source"].get("via"), lang), "certainty": e.get("certainty", "reported"),
                    "affiliation": (e["source"].get("affiliation") or {}).get(f"note_{lang}"),
                    "also": [{"outlet": s["outlet"], "published": s["published"], "url": s.get("url")}
                             for s in e.get("also", [])]}
                   for e, nations in zip(events, present, strict=True)],
    }


def build_map(features: list[dict[str, Any]], lang: str, day_range: tuple[str | None, str | None],
              tiles: str = "offline", data_as_of: str | None = None, extent: Extent | None = None,
              context: dict[str, str] | None = None) -> folium.Map:
    """Build the map of every site for one language; a pure function of its arguments.

    It holds no date of its own ("today" is the reader's, taken in the browser), so the page is
    made once at start-up and served from memory. `extent` is that of `features`, when known.
    `context` gives the URLs of the geographic context layers (towns, governorates, rivers), if any.
    """
    extent = extent or Extent.of(features)
    fmap = OfflineMap(location=list(extent.centre), zoom_start=6,
                      tiles=None, control_scale=True, minZoom=3, maxZoom=16, prefer_canvas=False)
    if tiles in TILES:
        url, attribution = TILES[tiles]
        folium.TileLayer(url, attr=attribution, name=tiles).add_to(fmap)
    first, last = day_range
    lazy = len(features) > LAZY_ABOVE
    AtlasLayer({
        "lang": lang, "words": words(lang), "statuses": list(STATUSES),
        "sites": [] if lazy else [site_record(f, lang) for f in features], "first": first, "last": last,
        "bounds": [list(corner) for corner in extent.bounds],   # fitted by atlas.js unless a link gives a camera
        "lazy": lazy, "total": len(features), "event_days": event_days(features) if lazy else None,
        "country_names": {c: country_name(c, lang) for c in extent.countries},
        "nation_names": {c: country_name(c, lang) for c in sorted(set().union(*(f["_nations_any"] for f in features)))},
        "borders": "/static/borders.geojson" if tiles == "offline" else None,
        "cluster": len(features) > CLUSTER_ABOVE or lazy, "data_as_of": data_as_of,
    }).add_to(fmap)
    if context:
        ContextLayer(context_options(lang, context, tiles == "offline")).add_to(fmap)
    return fmap


def map_parts(fmap: folium.Map) -> dict[str, str]:
    """Split a rendered map into the pieces a page template embeds: head, body, script."""
    root: Any = fmap.get_root()
    root.render()
    return {"head": root.header.render(), "body": root.html.render(), "script": root.script.render()}
