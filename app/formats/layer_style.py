"""The sites' style for QGIS and SLD readers: points coloured and shaped by status, as on the map."""

import xml.etree.ElementTree as ET

from app.domain.symbols import OUTLINE, SYMBOLS, Symbol
from app.domain.timeline import STATUSES
from app.domain.words import STATUS

#: Our shapes as QGIS's simple-marker names, and as SLD well-known names with a rotation.
QGIS_SHAPES = {"circle": "circle", "diamond": "diamond", "square": "square", "dome": "semi_circle", "ring": "circle"}
SLD_SHAPES = {"circle": ("circle", 0), "diamond": ("square", 45), "square": ("square", 0), "dome": ("triangle", 0),
              "ring": ("circle", 0)}
SLD = "http://www.opengis.net/sld"
OGC = "http://www.opengis.net/ogc"


def label(status: str) -> str:
    """A status's name in both languages, for a legend."""
    return f"{STATUS['en'][status]} / {STATUS['ar'][status]}"


def _rgba(hex_colour: str) -> str:
    return ",".join(str(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)) + ",255"


def _marker(parent: ET.Element, name: str, sym: Symbol) -> None:
    symbol = ET.SubElement(parent, "symbol", type="marker", name=name, alpha="1", clip_to_extent="1",
                           force_rhr="0")
    layer = ET.SubElement(symbol, "layer", {"class": "SimpleMarker", "enabled": "1", "locked": "0", "pass": "0"})
    props = {"name": QGIS_SHAPES[sym.shape], "color": _rgba(sym.colour), "outline_color": _rgba(OUTLINE),
             "outline_style": "dash" if sym.dashed else "solid", "outline_width": "0.5",
             "outline_width_unit": "MM", "size": "3.6", "size_unit": "MM", "angle": "0"}
    options = ET.SubElement(layer, "Option", type="Map")   # QGIS 3.26 and later read these,
    for key, value in props.items():
        ET.SubElement(options, "Option", type="QString", name=key, value=value)
    for key, value in props.items():                        # earlier ones these
        ET.SubElement(layer, "prop", k=key, v=value)


def qml(column: str = "status") -> str:
    """Return a QGIS layer style (QML): a category a status, each with the map's colour and shape."""
    root = ET.Element("qgis", version="3.28.0", styleCategories="Symbology")
    renderer = ET.SubElement(root, "renderer-v2", type="categorizedSymbol", attr=column, symbollevels="0",
                             enableorderby="0", forceraster="0")
    categories, symbols = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
    for n, status in enumerate(STATUSES):
        ET.SubElement(categories, "category", render="true", symbol=str(n), value=status, label=label(status))
        _marker(symbols, str(n), SYMBOLS[status])
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(root, encoding="unicode")


def _rule(style: ET.Element, status: str, column: str) -> None:
    sym, (shape, rotation) = SYMBOLS[status], SLD_SHAPES[SYMBOLS[status].shape]
    rule = ET.SubElement(style, f"{{{SLD}}}Rule")
    ET.SubElement(rule, f"{{{SLD}}}Name").text = status
    ET.SubElement(rule, f"{{{SLD}}}Title").text = label(status)
    equal = ET.SubElement(ET.SubElement(rule, f"{{{OGC}}}Filter"), f"{{{OGC}}}PropertyIsEqualTo")
    ET.SubElement(equal, f"{{{OGC}}}PropertyName").text = column
    ET.SubElement(equal, f"{{{OGC}}}Literal").text = status
    graphic = ET.SubElement(ET.SubElement(rule, f"{{{SLD}}}PointSymbolizer"), f"{{{SLD}}}Graphic")
    mark = ET.SubElement(graphic, f"{{{SLD}}}Mark")
    ET.SubElement(mark, f"{{{SLD}}}WellKnownName").text = shape
    ET.SubElement(ET.SubElement(mark, f"{{{SLD}}}Fill"), f"{{{SLD}}}CssParameter", name="fill").text = sym.colour
    stroke = ET.SubElement(mark, f"{{{SLD}}}Stroke")
    ET.SubElement(stroke, f"{{{SLD}}}CssParameter", name="stroke").text = OUTLINE
    ET.SubElement(stroke, f"{{{SLD}}}CssParameter", name="stroke-width").text = "1.5"
    if sym.dashed:
        ET.SubElement(stroke, f"{{{SLD}}}CssParameter", name="stroke-dasharray").text = "3 2"
    ET.SubElement(graphic, f"{{{SLD}}}Size").text = "13"
    ET.SubElement(graphic, f"{{{SLD}}}Rotation").text = str(rotation)


def sld(layer: str, column: str = "status") -> str:
    """Return the same style as an OGC Styled Layer Descriptor 1.0: a rule a status."""
    ET.register_namespace("sld", SLD)
    ET.register_namespace("ogc", OGC)
    root = ET.Element(f"{{{SLD}}}StyledLayerDescriptor", version="1.0.0")
    named = ET.SubElement(root, f"{{{SLD}}}NamedLayer")
    ET.SubElement(named, f"{{{SLD}}}Name").text = layer
    user = ET.SubElement(named, f"{{{SLD}}}UserStyle")
    ET.SubElement(user, f"{{{SLD}}}Title").text = "Sites by status"
    style = ET.SubElement(user, f"{{{SLD}}}FeatureTypeStyle")
    for status in STATUSES:
        _rule(style, status, column)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
