"""SVG pieces the charts share: an element tree, a time scale mirrored in Arabic, the colours, PNG by resvg."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

import resvg_py

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "Noto Sans, Noto Naskh Arabic, DejaVu Sans, Arial, sans-serif"
#: The map's colours of each status (app/pages/static/atlas.css; a test holds the two together).
STATUS_COLOURS = {"unknown": "#ffffff", "active": "#1a9850", "handover_announced": "#fdae61",
                  "handed_over": "#2c7bb6", "withdrawal_announced": "#f46d43", "withdrawn": "#bababa"}
#: Each event type's colour: a status-setting type takes its status's, the others their own.
EVENT_COLOURS = {"presence_reported": "#1a9850", "deployment": "#a6d96a", "handover_announced": "#fdae61",
                 "handover": "#2c7bb6", "withdrawal_announced": "#f46d43", "withdrawal": "#bababa",
                 "attack": "#7b3294", "agreement": "#8c510a", "statement": "#35978f"}
#: resvg anchors text as if it ran left to right; the PNG of an Arabic chart swaps the anchors back.
RTL_ANCHORS_FOR_RESVG = ".a-start{text-anchor:end}.a-end{text-anchor:start}"


def svg_root(width: int, height: int, lang: str, title: str) -> ET.Element:
    """Start a chart: its size, language and direction, white ground, a title for screen readers."""
    root = ET.Element("svg", {"xmlns": SVG_NS, "width": str(width), "height": str(height),
                              "viewBox": f"0 0 {width} {height}", "role": "img", "lang": lang,
                              "direction": "rtl" if lang == "ar" else "ltr", "font-family": FONT,
                              "font-size": "12", "class": "atlas-chart-svg"})
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "rect", {"width": str(width), "height": str(height), "fill": "#ffffff"})
    return root


def rect(parent: ET.Element, x: float, y: float, w: float, h: float, fill: str, **attrs: str) -> ET.Element:
    """Add a rectangle (coordinates rounded to 0.01 px, so that output is stable)."""
    return ET.SubElement(parent, "rect", {"x": f"{x:.2f}", "y": f"{y:.2f}", "width": f"{max(w, 0):.2f}",
                                          "height": f"{h:.2f}", "fill": fill, **attrs})


def text(parent: ET.Element, x: float, y: float, content: str, anchor: str = "start", **attrs: str) -> ET.Element:
    """Add a text; `anchor` start or end is logical (the right side is the start in Arabic)."""
    node = ET.SubElement(parent, "text", {"x": f"{x:.2f}", "y": f"{y:.2f}", "text-anchor": anchor,
                                          "class": f"a-{anchor}", **attrs})
    node.text = content
    return node


def titled(node: ET.Element, tip: str) -> ET.Element:
    """Give an element a tooltip (and an accessible name)."""
    ET.SubElement(node, "title").text = tip
    return node


def short(name: str, most: int = 30) -> str:
    """A label cut to `most` characters, with an ellipsis when cut."""
    return name if len(name) <= most else name[:most - 1].rstrip() + "…"


@dataclass(frozen=True)
class TimeScale:
    """Days to x between two edges: left to right in English, right to left (mirrored) in Arabic."""

    start: date
    end: date
    x0: float   # the left edge of the plot
    x1: float   # the right edge
    rtl: bool

    def x(self, day: date) -> float:
        """The x of the start of a day (the end of the range is the end of its last day)."""
        span = (self.end - self.start).days + 1
        share = (day - self.start).days / span
        return self.x1 - share * (self.x1 - self.x0) if self.rtl else self.x0 + share * (self.x1 - self.x0)

    def between(self, first: date, after: date) -> tuple[float, float]:
        """The x and width of the days from `first` up to (not including) `after`."""
        a, b = self.x(first), self.x(after)
        return min(a, b), abs(b - a)

    def attrs(self) -> dict[str, str]:
        """The scale as data- attributes, for readers (and tests) that place a day themselves."""
        return {"data-start": self.start.isoformat(), "data-end": self.end.isoformat(),
                "data-x0": f"{self.x0:.2f}", "data-x1": f"{self.x1:.2f}", "data-rtl": str(self.rtl).lower()}


def years_axis(parent: ET.Element, scale: TimeScale, top: float, bottom: float, label_y: float) -> None:
    """Draw a line at the start of each year of the scale, and the year's number in the middle of its span."""
    for year in range(scale.start.year, scale.end.year + 1):
        first, last = max(date(year, 1, 1), scale.start), min(date(year, 12, 31), scale.end)
        if first == date(year, 1, 1):
            x = scale.x(first)
            ET.SubElement(parent, "line", {"x1": f"{x:.2f}", "x2": f"{x:.2f}", "y1": f"{top:.2f}",
                                           "y2": f"{bottom:.2f}", "stroke": "#d0d0d0", "stroke-width": "1"})
        if (last - first).days > 60:   # room for the number
            text(parent, scale.x(first + (last - first) / 2), label_y, str(year), "middle",
                 **{"font-size": "11", "fill": "#333333"})


def legend(parent: ET.Element, items: list[tuple[str, str]], y: float, width: int, rtl: bool) -> None:
    """A row of swatches and words, from the start side; wraps when the row is full."""
    x, step = 10.0, 0.0
    for label, colour in items:
        step = 28 + 7.4 * len(label)
        if x + step > width - 10:
            x, y = 10.0, y + 18
        sx = width - x - 12 if rtl else x
        rect(parent, sx, y - 10, 12, 12, colour, stroke="#222222", **{"stroke-width": "1"})
        text(parent, width - x - 16 if rtl else x + 16, y, label)
        x += step


def to_bytes(root: ET.Element) -> bytes:
    """The chart as an SVG document (UTF-8, deterministic)."""
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + inline(root).encode("utf-8")


def inline(root: ET.Element) -> str:
    """The chart as markup to put in a page."""
    return ET.tostring(root, encoding="unicode")


def to_png(svg: bytes, rtl: bool) -> bytes:
    """Render an SVG chart to PNG with resvg (it shapes Arabic and orders mixed text; no browser needed)."""
    return resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), background="#ffffff", zoom=2.0,
                                 style_sheet=RTL_ANCHORS_FOR_RESVG if rtl else None)
