"""Atom feeds of events, read back by feedparser and checked against RFC 4287's rules with lxml,
on a live server: newest first, both languages, each entry linking to its event's page.

No registry package we can install ships the RFC 4287 RELAX NG schema (PyPI, npm and Debian were
searched), so the schema's rules are checked here one by one, with feedparser's bozo flag."""

from datetime import datetime

import feedparser
import httpx
import pytest
from lxml import etree

NS = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def atom(url: str, **headers: str) -> tuple[httpx.Response, etree._Element]:
    r = httpx.get(url, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/atom+xml"
    return r, etree.fromstring(r.content)


def check_rfc4287(root: etree._Element) -> None:
    """The feed and entry rules of RFC 4287 section 4.1 that a RELAX NG check would catch, and its MUSTs."""
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"a:{name}", NS)) == 1, name
    assert root.findall("a:author/a:name", NS), "a feed without authors needs them on every entry"
    ids = [e.findtext("a:id", namespaces=NS) for e in root.findall("a:entry", NS)]
    assert len(ids) == len(set(ids)) and all(i.startswith("tag:") for i in ids)
    for entry in root.findall("a:entry", NS):
        for name in ("id", "title", "updated", "author/a:name"):
            assert len(entry.findall(f"a:{name}", NS)) == 1, name
        for stamp in (entry.findtext("a:updated", namespaces=NS), entry.findtext("a:published", namespaces=NS)):
            assert datetime.fromisoformat(stamp).tzinfo is not None   # RFC 3339 date-time, with an offset
        alternates = [(link.get("type"), link.get("hreflang")) for link in entry.findall("a:link", NS)
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == len(set(alternates)) and ("text/html", None) in alternates
        assert entry.find("a:content", NS).get("type") == "text"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_atlas_feed_is_valid_newest_first_and_links_each_event(live_server: str, lang: str) -> None:
    r, root = atom(f"{live_server}/feed.atom?lang={lang}")
    check_rfc4287(root)
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert root.get(XML_LANG) == lang and {e.get(XML_LANG) for e in root.findall("a:entry", NS)} == {lang}
    listed = httpx.get(f"{live_server}/events?limit=1000").json()
    assert len(parsed.entries) == min(500, listed["count"])
    # newest first: the /events order (oldest first) reversed
    assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == [e["id"] for e in listed["events"]][::-1]
    newest, by_id = parsed.entries[0], {e["id"]: e for e in listed["events"]}
    event = by_id[newest.id.rsplit("/", 1)[1]]
    assert newest.link == f"{live_server}/events/{event['id']}.html?lang={lang}"
    text = newest.content[0].value
    assert event["source"]["outlet"] in text and event["source"]["published"] in text
    assert newest.author == event["source"]["outlet"] and event[f"summary_{lang}"] in text
    page = httpx.get(newest.link)
    assert page.status_code == 200 and event["id"] in page.text
    if event["source"].get("url"):
        assert event["source"]["url"] in [link.href for link in newest.links if link.rel == "via"]


def test_a_site_feed_holds_its_events_newest_first_in_the_browser_language(live_server: str) -> None:
    r, root = atom(f"{live_server}/bases/taji/feed.atom", **{"Accept-Language": "ar,en;q=0.5"})
    check_rfc4287(root)
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo and "التاجي" in parsed.feed.title and "Accept-Language" in r.headers["vary"]
    ids = [e.id.rsplit("/", 1)[1] for e in parsed.entries]
    events = httpx.get(f"{live_server}/bases/taji/events?include_later=true").json()["events"]
    assert ids == [e["id"] for e in events][::-1] and ids[0] == "taji-2020-08-23-handover"
    assert parsed.entries[0].title.startswith("تسليم")
    assert parsed.feed.links[0].href == f"{live_server}/bases/taji.html?lang=ar"


@pytest.mark.parametrize("path", ["/feed.atom", "/bases/taji/feed.atom"])
def test_feeds_answer_304_to_their_etag_and_gzip(live_server: str, path: str) -> None:
    r = httpx.get(f"{live_server}{path}?lang=en")
    again = httpx.get(f"{live_server}{path}?lang=en", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == r.headers["etag"]
    zipped = httpx.get(f"{live_server}{path}?lang=en", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers.get("content-encoding") == "gzip" and zipped.content == r.content


@pytest.mark.parametrize(("path", "status", "parameter"), [
    ("/bases/no-such-base/feed.atom", 404, "id"),
    ("/feed.atom?lang=fr", 400, "lang"),
    ("/feed.atom?limit=5", 400, "limit"),
    ("/bases/taji/feed.atom?as_of=2020", 400, "as_of"),
])
def test_feed_errors_name_the_problem(live_server: str, path: str, status: int, parameter: str) -> None:
    r = httpx.get(f"{live_server}{path}")
    assert r.status_code == status and r.json()["error"]["parameter"] == parameter


def test_pages_announce_their_feeds(live_server: str) -> None:
    pages = (("/about?lang=ar", "/feed.atom?lang=ar"), ("/bases/taji.html?lang=en", "/bases/taji/feed.atom?lang=en"))
    for path, feed in pages:
        html = etree.HTML(httpx.get(f"{live_server}{path}").content)
        hrefs = html.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]/@href')
        assert feed in hrefs, (path, hrefs)
        assert httpx.get(f"{live_server}{hrefs[-1]}").status_code == 200


@pytest.mark.parametrize("path", ["/bases/taji.html", "/bases/taji/feed.atom"])
def test_pages_and_feeds_under_api_paths_answer_304_to_any_client(live_server: str, path: str) -> None:
    """Not through the JSON cache (which answers conditionals itself and strips If-None-Match before the app)."""
    r = httpx.get(f"{live_server}{path}", headers={"Accept": "*/*"})
    again = httpx.get(f"{live_server}{path}", headers={"Accept": "*/*", "If-None-Match": r.headers["etag"]})
    assert r.status_code == 200 and again.status_code == 304
