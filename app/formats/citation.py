"""How to cite the atlas: the suggested citation in both languages, and the metadata every download carries."""

from dataclasses import dataclass
from datetime import date
from typing import Any

TITLE = {"en": "Coalition Bases Atlas", "ar": "أطلس قواعد التحالف"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
_TEMPLATE = {
    "en": "{title}, data version {version}. {url}. Accessed {accessed}.",
    "ar": "{title}، إصدار البيانات {version}. {url}. تاريخ الاطلاع {accessed}.",
}


@dataclass(frozen=True)
class Citation:
    """What a citation names: the atlas, the data version, where it is published, and the day it was read."""

    version: str
    url: str
    accessed: date

    def text(self, lang: str) -> str:
        """The suggested citation in one language (plain text)."""
        return _TEMPLATE[lang].format(title=TITLE[lang], version=self.version, url=self.url,
                                      accessed=self.accessed.isoformat())

    def member(self) -> dict[str, Any]:
        """The metadata of a download: title, version, URL, access date, licence and the citation."""
        return {"title": TITLE["en"], "title_ar": TITLE["ar"], "data_version": self.version, "url": self.url,
                "accessed": self.accessed.isoformat(), "license": LICENSE,
                "citation": self.text("en"), "citation_ar": self.text("ar")}


def citation_of(atlas: dict[str, Any], url: str, accessed: date) -> Citation:
    """The citation of a build's data (its `atlas` member), read on a day."""
    return Citation(str(atlas.get("data_version") or "unversioned"), url, accessed)


DESCRIPTION = {
    "en": "Sites of the anti-ISIS coalition in Iraq and Syria and what happened to each over time: who was "
          "there, when it was handed over or left, and who reported it. Every coordinate names its source "
          "and uncertainty; every event its outlet and publication date.",
    "ar": "مواقع التحالف الدولي ضد داعش في العراق وسوريا وما جرى لكل منها عبر الزمن: من كان فيها، ومتى "
          "سُلِّمت أو أُخليت، ومن نقل الخبر. لكل إحداثية مصدر وهامش خطأ، ولكل حدث وسيلة إعلامية وتاريخ نشر.",
}
#: The downloads of the whole data set: (path, media type, what it holds).
DOWNLOADS = (
    ("/bases.geojson", "application/geo+json", "Sites with their events, GeoJSON (RFC 7946)"),
    ("/bases.csv", "text/csv", "Sites, one row each (UTF-8)"),
    ("/events.csv", "text/csv", "Events, one row each (UTF-8)"),
    ("/bases.kml", "application/vnd.google-earth.kml+xml", "Sites for Google Earth, KML 2.2"),
    ("/bases.gpkg", "application/geopackage+sqlite3", "Sites and events, GeoPackage"),
)


def _both(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": texts[lang], "@language": lang} for lang in ("en", "ar")]


def dataset_jsonld(atlas: dict[str, Any], url: str, bbox: list[float], first_day: str | None) -> dict[str, Any]:
    """The schema.org Dataset of the atlas (JSON-LD), for dataset search engines."""
    base = url.rstrip("/")
    doc: dict[str, Any] = {
        "@context": "https://schema.org/", "@type": "Dataset", "name": _both(TITLE),
        "description": _both(DESCRIPTION), "url": f"{base}/about", "version": atlas.get("data_version"),
        "dateModified": atlas.get("data_version_date"), "license": LICENSE, "inLanguage": ["en", "ar"],
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": "Coalition Bases Atlas contributors", "url": base},
        "keywords": ["Iraq", "Syria", "military bases", "anti-ISIS coalition", "gazetteer"],
        "distribution": [{"@type": "DataDownload", "contentUrl": f"{base}{path}", "encodingFormat": media,
                          "description": what} for path, media, what in DOWNLOADS],
    }
    if len(bbox) == 4:
        west, south, east, north = bbox
        doc["spatialCoverage"] = {"@type": "Place", "name": _both({"en": "Iraq and Syria", "ar": "العراق وسوريا"}),
                                  "geo": {"@type": "GeoShape", "box": f"{south} {west} {north} {east}"}}
    if first_day and atlas.get("data_as_of"):
        doc["temporalCoverage"] = f"{first_day}/{atlas['data_as_of']}"
    return doc
