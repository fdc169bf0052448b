"""The map's geographic context: governorates, towns, rivers, site labels and place search (context.js)."""

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from markupsafe import Markup

from app.domain.words import CONTEXT
from app.names.normalise import folding_rules
from app.pages.scripts import script_json

#: The radius (km) within which the search lists the sites near a town.
NEAR_KM = 60


class ContextLayer(JSCSSMixin, MacroElement):
    """Draws the context layers under the sites, labels towns and sites, and finds places by name."""

    _template = Template("""
{% macro script(this, kwargs) %}
    atlasContext({{ this._parent.get_name() }}, {{ this.script_json }});
{% endmacro %}
""")
    default_js = [("context", "/static/app/context.js")]  # noqa: RUF012 - folium reads it per class
    default_css = [("context_css", "/static/app/context.css")]  # noqa: RUF012

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ContextLayer"
        self.options = options

    @property
    def script_json(self) -> Markup:
        """The options as JSON that is safe inside a <script>."""
        return script_json(self.options)


def context_options(lang: str, layers: dict[str, str], drawn: bool) -> dict[str, Any]:
    """What context.js needs: the layers' URLs, whether to draw them (the offline basemap), words, folding."""
    return {"lang": lang, "layers": layers, "draw": drawn, "words": CONTEXT[lang], "near_km": NEAR_KM,
            "folding": folding_rules()}
