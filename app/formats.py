"""The downloads: GeoJSON, CSV, KML and GeoPackage, each a pure function of sites and a date."""

import csv
import io
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from app.timeline import STATUS_OF
from app.views import detail, events_of, lonlat, original, status_on

SITE_COLUMNS = ("id", "name_en", "name_ar", "kind", "country", "admin1", "lon", "lat",
                "uncertainty_m", "status", "status_date", "last_reported", "nations",
                "event_count", "aliases", "location_source", "location_url")
EVENT_COLUMNS = ("base", "base_name_en", "base_name_ar", "date", "type", "status_set", "nations",
                 "summary_en", "summary_ar", "outlet", "published", "url", "via", "context_id")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
ENDED = {"handed_over", "withdrawn"}


def _cell(value: Any) -> Any:
    """Flatten a value for a table; neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def site_rows(features: Sequence[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Return one flat row a site, status as of `on`."""
    return [{k: d.get(k) for k in SITE_COLUMNS} for d in (detail(f, on) for f in features)]


def event_rows(features: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one flat row an event, with its site's id and names."""
    rows = []
    for feat in features:
        props = feat["properties"]
        for e in events_of(feat):
            via = e["source"].get("via")
            rows.append({
                "base": props["id"], "base_name_en": props["name_en"], "base_name_ar": props["name_ar"],
                "date": e["date"], "type": e["type"], "status_set": STATUS_OF.get(e["type"], ""),
                "nations": e["nations"], "summary_en": e["summary_en"], "summary_ar": e["summary_ar"],
                "outlet": e["source"]["outlet"], "published": e["source"]["published"],
                "url": e["source"].get("url"), "via": via["outlet"] if via else None,
                "context_id": e.get("context_id"),
            })
    return rows


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """Write rows as CSV, UTF-8 with a byte-order mark so spreadsheets read Arabic right."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_geojson(features: Sequence[dict[str, Any]], on: date) -> dict[str, Any]:
    """Return an RFC 7946 FeatureCollection of the sites, status as of `on`."""
    out = []
    for feat in features:
        built = original(feat)
        built["properties"]["status"], built["properties"]["status_date"] = status_on(feat, on)
        out.append(built)
    coords = [lonlat(f) for f in features]
    bbox = ([min(c[0] for c in coords), min(c[1] for c in coords),
             max(c[0] for c in coords), max(c[1] for c in coords)] if coords else [])
    fc: dict[str, Any] = {"type": "FeatureCollection", "features": out}
    if bbox:
        fc["bbox"] = bbox
    return fc


def _description(site: dict[str, Any]) -> str:
    lines = [f"{site['name_en']} / {site['name_ar']}",
             f"{site['kind']}, {site['admin1']}, {site['country']}",
             f"Status: {site['status']} (last reported {site['status_date']})",
             f"Location: {site['location_source']} (±{site['uncertainty_m']} m)", ""]
    for e in site["events"]:
        src = e["source"]
        lines.append(f"{e['date']} {e['type']}: {e['summary_en']} [{src['outlet']}, "
                     f"{src['published']}{', ' + src['url'] if src.get('url') else ''}]")
    return "\n".join(lines)


def to_kml(features: Sequence[dict[str, Any]], on: date) -> bytes:
    """Return KML 2.2: a Placemark a site with a TimeSpan, for Google Earth's time slider."""
    ns = "http://www.opengis.net/kml/2.2"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}kml")
    doc = ET.SubElement(root, f"{{{ns}}}Document")
    ET.SubElement(doc, f"{{{ns}}}name").text = "Coalition Bases Atlas"
    for feat in features:
        site = detail(feat, on)
        mark = ET.SubElement(doc, f"{{{ns}}}Placemark", id=site["id"])
        ET.SubElement(mark, f"{{{ns}}}name").text = f"{site['name_en']} / {site['name_ar']}"
        ET.SubElement(mark, f"{{{ns}}}description").text = _description(site)
        if site["events"]:
            span = ET.SubElement(mark, f"{{{ns}}}TimeSpan")
            ET.SubElement(span, f"{{{ns}}}begin").text = site["events"][0]["date"]
            if site["status"] in ENDED and site["status_date"]:
                ET.SubElement(span, f"{{{ns}}}end").text = site["status_date"]
        data = ET.SubElement(mark, f"{{{ns}}}ExtendedData")
        for key in ("id", "name_ar", "kind", "country", "admin1", "status", "status_date",
                    "uncertainty_m", "location_source"):
            item = ET.SubElement(data, f"{{{ns}}}Data", name=key)
            ET.SubElement(item, f"{{{ns}}}value").text = str(site[key] or "")
        point = ET.SubElement(mark, f"{{{ns}}}Point")
        ET.SubElement(point, f"{{{ns}}}coordinates").text = f"{site['lon']},{site['lat']}"
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body


def to_gpkg(features: Sequence[dict[str, Any]], on: date) -> bytes:
    """Return a GeoPackage with a `bases` point layer and an `events` table."""
    rows = [{k: _flat(v) for k, v in r.items()} for r in site_rows(features, on)]
    frame = pd.DataFrame(rows, columns=list(SITE_COLUMNS))
    layer = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
                             crs="EPSG:4326")
    events = pd.DataFrame([{k: _flat(v) for k, v in r.items()} for r in event_rows(features)],
                          columns=list(EVENT_COLUMNS))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bases.gpkg"
        pyogrio.write_dataframe(layer, path, layer="bases", driver="GPKG")
        pyogrio.write_dataframe(events.astype("object").where(events.notna(), None), path,
                                layer="events", driver="GPKG")
        body: bytes = path.read_bytes()
        return body


def _flat(value: Any) -> Any:
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value
