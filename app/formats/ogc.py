"""Sites and events as the features of the OGC API collections (flat properties, lists joined)."""

from datetime import date
from typing import Any

from app.store.views import events_of, lonlat, summary


def site_feature(feat: dict[str, Any], on: date) -> dict[str, Any]:
    """Return a site as an OGC `bases` feature, status as of `on`."""
    props = summary(feat, on)
    props["aliases"] = "; ".join(feat["properties"]["aliases"])
    props["nations"] = "; ".join(props["nations"])
    props["location_source"] = feat["properties"]["location_source"]
    return {"type": "Feature", "id": feat["id"], "geometry": feat["geometry"], "properties": props}


def event_feature(feat: dict[str, Any], n: int, event: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a site's n-th event as an OGC `events` feature, placed at the site."""
    e = event or events_of(feat)[n]
    src = e["source"]
    props = {"base": feat["id"], "base_name_en": feat["properties"]["name_en"],
             "base_name_ar": feat["properties"]["name_ar"], "date": e["date"],
             "type": e["type"], "nations": "; ".join(e["nations"]),
             "summary_en": e["summary_en"], "summary_ar": e["summary_ar"],
             "outlet": src["outlet"], "published": src["published"], "url": src.get("url")}
    lon, lat = lonlat(feat)
    return {"type": "Feature", "id": f"{feat['id']}.{n}",
            "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
