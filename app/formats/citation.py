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
