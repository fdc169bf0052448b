"""Where static assets come from: registry packages installed at set-up, and the app's own."""

from pathlib import Path

import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from swagger_ui_bundle import swagger_ui_path

#: Third-party assets, served at /static/vendor/<name>/ from the installed packages.
VENDOR: dict[str, Path] = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
    "swagger": Path(swagger_ui_path),
}
#: The app's own JS and CSS, served at /static/app/.
APP_STATIC = Path(__file__).resolve().parent / "static"
