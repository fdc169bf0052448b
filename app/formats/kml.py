"""Sites as KML 2.2 for Google Earth: a Placemark a site with a TimeSpan for the time slider."""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.domain.schema import SITE_SUMMARY
from app.store.views import detail

ENDED = {"handed_over", "withdrawn"}


def _description(site: dict[str, Any]) -> str:
    lines = [f"{site['name_en']} / {site['name_ar']}",
             f"{site['kind']}, {site['admin1']}, {site['country']}",
             f"Status: {site['status']} (last reported {site['status_date']})",
             f"Location: {site['location_source']} (±{site['uncertainty_m']} m)", ""]
    for e in site["events"]:
        src = e["source"]
        lines.append(f"{e['date']} {e['type']} ({e['certainty']}): {e['summary_en']} [{src['outlet']}, "
                     f"{src['published']}{', ' + src['url'] if src.get('url') else ''}]")
    return "\n".join(lines)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def _about(doc: ET.Element, ns: str, meta: dict[str, Any]) -> None:
    """The document's description (the suggested citations) and its metadata as ExtendedData."""
    ET.SubElement(doc, f"{{{ns}}}description").text = f"{meta['citation']}\n{meta['citation_ar']}"
    data = ET.SubElement(doc, f"{{{ns}}}ExtendedData")
    for key, value in meta.items():
        item = ET.SubElement(data, f"{{{ns}}}Data", name=key)
        ET.SubElement(item, f"{{{ns}}}value").text = _text(value)


def to_kml(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None) -> bytes:
    """Return KML 2.2: a Placemark a site with a TimeSpan, for Google Earth's time slider; `meta`
    (app.formats.citation) in the Document's description and ExtendedData."""
    ns = "http://www.opengis.net/kml/2.2"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}kml")
    doc = ET.SubElement(root, f"{{{ns}}}Document")
    ET.SubElement(doc, f"{{{ns}}}name").text = "Coalition Bases Atlas"
    if meta:
        _about(doc, ns, meta)
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
        for key in SITE_SUMMARY:
            item = ET.SubElement(data, f"{{{ns}}}Data", name=key)
            ET.SubElement(item, f"{{{ns}}}value").text = _text(site[key])
        point = ET.SubElement(mark, f"{{{ns}}}Point")
        ET.SubElement(point, f"{{{ns}}}coordinates").text = f"{site['lon']},{site['lat']}"
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
