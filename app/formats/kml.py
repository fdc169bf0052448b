"""Sites as KML 2.2 for Google Earth: a Placemark a site with a TimeSpan for the time slider, styled by status.

Each status has a Style (normal and highlighted, joined by a StyleMap) with the map's colour and an
icon of its own shape, so the statuses differ without colour too; a placemark takes its status on
the download's date. The icons are Google Earth's own shape palette (the ones its placemark dialog
offers), tinted by the colour; other readers (QGIS, GDAL) use the colour. A "Legend" folder lists
the statuses with their icons.
"""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.domain.schema import SITE_SUMMARY
from app.domain.symbols import SYMBOLS
from app.domain.timeline import STATUSES
from app.formats.layer_style import label
from app.store.views import detail

ENDED = {"handed_over", "withdrawn"}
NS = "http://www.opengis.net/kml/2.2"
PALETTE = "http://maps.google.com/mapfiles/kml/shapes/"
ICONS = {"circle": "placemark_circle.png", "diamond": "open-diamond.png", "square": "placemark_square.png",
         "dome": "triangle.png", "ring": "donut.png"}
UNKNOWN_ICON = "shaded_dot.png"   # unknown shares the map's circle; here it gets a shape of its own too


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def _abgr(hex_colour: str) -> str:
    """KML's colour order: alpha, blue, green, red."""
    return f"ff{hex_colour[5:7]}{hex_colour[3:5]}{hex_colour[1:3]}"


def _style(doc: ET.Element, status: str, kind: str, scale: float) -> None:
    sym = SYMBOLS[status]
    icon_style = _el(_el(doc, "Style", id=f"{status}-{kind}"), "IconStyle")
    _el(icon_style, "color", _abgr(sym.colour))
    _el(icon_style, "scale", str(scale))
    _el(_el(icon_style, "Icon"), "href", PALETTE + (UNKNOWN_ICON if status == "unknown" else ICONS[sym.shape]))


def _styles(doc: ET.Element) -> None:
    """A normal and a highlighted Style a status, and a StyleMap `#status-{status}` joining them."""
    for status in STATUSES:
        _style(doc, status, "normal", 1.0)
        _style(doc, status, "highlight", 1.3)
        style_map = _el(doc, "StyleMap", id=f"status-{status}")
        for kind in ("normal", "highlight"):
            pair = _el(style_map, "Pair")
            _el(pair, "key", kind)
            _el(pair, "styleUrl", f"#{status}-{kind}")


def _legend(doc: ET.Element) -> None:
    folder = _el(doc, "Folder", id="legend")
    _el(folder, "name", "Legend / مفتاح الخريطة")
    _el(folder, "description", "Status as last reported on the download's date (as_of).")
    for status in STATUSES:
        mark = _el(folder, "Placemark", id=f"legend-{status}")
        _el(mark, "name", label(status))
        _el(mark, "styleUrl", f"#status-{status}")


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


def _placemark(doc: ET.Element, site: dict[str, Any]) -> None:
    mark = _el(doc, "Placemark", id=site["id"])
    _el(mark, "name", f"{site['name_en']} / {site['name_ar']}")
    _el(mark, "description", _description(site))
    if site["events"]:
        span = _el(mark, "TimeSpan")
        _el(span, "begin", site["events"][0]["date"])
        if site["status"] in ENDED and site["status_date"]:
            _el(span, "end", site["status_date"])
    _el(mark, "styleUrl", f"#status-{site['status']}")
    data = _el(mark, "ExtendedData")
    for key in SITE_SUMMARY:
        _el(_el(data, "Data", name=key), "value", _text(site[key]))
    _el(_el(mark, "Point"), "coordinates", f"{site['lon']},{site['lat']}")


def _about(doc: ET.Element, meta: dict[str, Any]) -> ET.Element:
    """The document's description (the suggested citations); its metadata as ExtendedData, to add after the styles."""
    _el(doc, "description", f"{meta['citation']}\n{meta['citation_ar']}")
    data = ET.Element(f"{{{NS}}}ExtendedData")
    for key, value in meta.items():
        _el(_el(data, "Data", name=key), "value", _text(value))
    return data


def to_kml(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None) -> bytes:
    """Return KML 2.2: a Placemark a site with a TimeSpan and its status's style, and a legend folder;
    `meta` (app.formats.citation) in the Document's description and ExtendedData."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}kml")
    doc = _el(root, "Document")
    _el(doc, "name", "Coalition Bases Atlas")
    data = _about(doc, meta) if meta else None
    _styles(doc)
    if data is not None:   # KML 2.2 orders a Feature's children: description, styles, ExtendedData, then features
        doc.append(data)
    _legend(doc)
    for feat in features:
        _placemark(doc, detail(feat, on))
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body
