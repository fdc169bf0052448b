"""Open a GeoPackage layer in headless QGIS (Debian's python3-qgis) and print what QGIS made of it, as JSON.

Run by tests/test_peers.py with Debian's /usr/bin/python3: `python3 qgis_layer.py FILE.gpkg LAYER`.
"""

import json
import sys

from qgis.core import QgsApplication, QgsSimpleMarkerSymbolLayerBase, QgsVectorLayer


def describe(path: str, name: str) -> dict[str, object]:
    """The layer's validity, feature count, field types and (if categorised) its categories' value, colour, shape."""
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    renderer = layer.renderer()
    categories = renderer.categories() if renderer and renderer.type() == "categorizedSymbol" else []
    return {"valid": layer.isValid(), "count": layer.featureCount(),
            "renderer": renderer.type() if renderer else None,
            "attribute": renderer.classAttribute() if categories else None,
            "categories": [{"value": c.value(), "label": c.label(), "colour": c.symbol().color().name(),
                            "shape": QgsSimpleMarkerSymbolLayerBase.encodeShape(c.symbol().symbolLayer(0).shape())}
                           for c in categories],
            "types": {f.name(): f.typeName() for f in layer.fields()}}


if __name__ == "__main__":
    app = QgsApplication([], False)
    app.initQgis()
    print(json.dumps(describe(sys.argv[1], sys.argv[2]), ensure_ascii=False))
    app.exitQgis()
