"""A hostile data set: the good fixture with script, markup, javascript: URLs and RTL overrides."""

import json
import shutil
from pathlib import Path

from app.sources.build import build
from tests.conftest import BORDERS, FIXTURES

SCRIPT = "<script>window.__xss=1</script>"
IMG = '"><img src=x onerror="window.__xss=2">'
JS_URL = "javascript:window.__xss=3"
RLO = "\u202eevil\u202c"
FORMULA = "=HYPERLINK(\"http://example.org\",\"x\")"


def make_xss_geodata(target: Path) -> Path:
    """Build the good fixture into `target`, then poison every text field of the output."""
    shutil.copytree(FIXTURES / "good", target)
    (target / "borders").symlink_to(BORDERS, target_is_directory=True)
    path = build(target)
    data = json.loads(path.read_text("utf-8"))
    for feat in data["features"]:
        props = feat["properties"]
        props["name_en"] = f"{SCRIPT}{props['name_en']}{IMG}{RLO}"
        props["name_ar"] = f"{props['name_ar']}{IMG}"
        props["admin1"] = FORMULA
        props["location_source"] = f"{IMG} {SCRIPT}"
        props["aliases"] = [*props["aliases"], SCRIPT]
        for event in props["events"]:
            event["summary_en"] = f"{event['summary_en']} {SCRIPT} {IMG}"
            event["summary_ar"] = f"{event['summary_ar']} {IMG}"
            event["source"]["outlet"] = f"{IMG}Outlet"
            event["source"]["url"] = JS_URL
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return target
