"""Events as an Atom feed (RFC 4287, written by PyPI feedgen), newest first, in one language.

Each entry links to the event's page, names its source outlet and publication date, and links
the source itself (rel="via") when its address is known. Entry ids are tag URIs (RFC 4151) made
from the event's id, which never changes once released, so they do not depend on the host.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from app.domain.dates import known_by
from app.domain.words import words

TAG = "tag:coalition-bases-atlas,2026:"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FeedInfo:
    """What a feed is: its id (a path: "events", "bases/taji"), title, its page and its own address."""

    key: str
    title: str
    page: str      # absolute URL of the HTML page the feed is about
    self_url: str  # absolute URL of the feed itself
    current: str   # the data version's date: the feed's `updated` when it has no entry


def _moment(text: str) -> datetime:
    """A partial date as the instant Atom needs: midnight UTC of the day it had certainly happened."""
    return datetime.combine(known_by(text), datetime.min.time(), UTC)


class EntryExtras(BaseEntryExtension):  # type: ignore[misc]  # feedgen has no type hints
    """An entry's xml:lang and links. feedgen 1.0 writes an entry's links without their rel and type
    (its loop variable shadows the link), so the links are written here instead."""

    lang = "en"
    links: tuple[dict[str, str], ...] = ()

    def extend_atom(self, entry: Any) -> Any:
        entry.attrib[XML_LANG] = self.lang
        for link in self.links:
            etree.SubElement(entry, "link", link)   # in the feed's default namespace, as feedgen's own elements
        return entry


def _source_line(source: Mapping[str, Any], lang: str) -> str:
    label = words(lang)["ui"]["source"]
    return f"{label}: {source['outlet']}{'، ' if lang == 'ar' else ', '}{source['published']}"


def _add(fg: FeedGenerator, event: Mapping[str, Any], lang: str, base: str, names: Mapping[str, str]) -> None:
    w = words(lang)
    source = event["source"]
    places = ("، " if lang == "ar" else ", ").join(names.get(s, s) for s in event["sites"])
    entry = fg.add_entry(order="append")
    entry.register_extension("extras", EntryExtras, atom=True, rss=False)
    entry.id(f"{TAG}events/{event['id']}")
    entry.title(f"{w['event'][event['type']]}: {places or w['ui']['none']} ({event['date']})")
    entry.extras.lang = lang
    entry.extras.links = (
        {"rel": "alternate", "type": "text/html", "href": f"{base}/events/{event['id']}.html?lang={lang}"},
        {"rel": "alternate", "type": "application/json", "href": f"{base}/events/{event['id']}"},
        *([{"rel": "via", "href": source["url"], "title": source["outlet"]}] if source.get("url") else []))
    entry.content(f"{event['summary_' + lang]}\n{_source_line(source, lang)}", type="text")
    entry.author(name=source["outlet"])
    entry.category(term=event["type"], label=w["event"][event["type"]])
    entry.published(_moment(source["published"]))
    entry.updated(_updated(event))


def _updated(event: Mapping[str, Any]) -> datetime:
    """When an entry last changed, as far as the data says: its newest source's publication."""
    return _moment(max((event["date"], *(s["published"] for s in event["sources"])), key=known_by))


def to_atom(events: Sequence[Mapping[str, Any]], info: FeedInfo, lang: str, base: str,
            names: Mapping[str, str]) -> bytes:
    """Return an Atom feed of public events (given newest first) in `lang`; `names` are the sites' names
    in that language, `base` the absolute URL the event pages are under."""
    fg = FeedGenerator()
    fg.id(f"{TAG}{info.key}")
    fg.title(info.title)
    fg.language(lang)
    fg.author(name=words(lang)["ui"]["title"])
    fg.link(href=info.page, rel="alternate", type="text/html")
    fg.link(href=info.self_url, rel="self", type="application/atom+xml")
    fg.rights("CC BY 4.0")
    fg.updated(max((_updated(e) for e in events), default=_moment(info.current)))
    for event in events:
        _add(fg, event, lang, base, names)
    body: bytes = fg.atom_str(pretty=True)
    return body
