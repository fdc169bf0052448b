"""The news reader: the source article's dated site statements (FACTS.md), and short texts for each rule and trap."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.reader.build import reader_of
from app.reader.cues import event_type
from app.reader.dates import find_dates
from app.reader.propose import Reader
from app.reader.text import fold
from app.store import Store
from bench.reader_quality import source_article

ROOT = Path(__file__).resolve().parent.parent
#: The project's source article, beside the repository (not copied into it: its sentences are not ours).
ARTICLE = source_article(ROOT)

# Each dated site statement of the article (FACTS.md, "Sites and what is said of each"):
# site, type, date, outlet, and the atlas's event it is a source of.
FACTS = [
    ("ain-al-asad", "presence_reported", "2020-01-07", "Euronews", "ain-al-asad-2020-01-07-presence-reported"),
    ("erbil", "presence_reported", "2020-01-07", "Euronews", "erbil-2020-01-07-presence-reported"),
    ("baghdad-embassy", "presence_reported", "2020-01-07", "Euronews", "baghdad-embassy-2020-01-07-presence-reported"),
    ("al-omar", "presence_reported", "2021-03-23", "RT", "al-omar-2021-03-23-presence-reported"),
    ("conoco", "presence_reported", "2021-03-23", "RT", "conoco-2021-03-23-presence-reported"),
    ("tanf", "presence_reported", "2021-03-23", "RT", "tanf-2021-03-23-presence-reported"),
    ("tanf", "presence_reported", "2020-10-14", "Sky News Arabia", "tanf-2020-10-14-presence-reported"),
    ("qasrak", "presence_reported", "2020-10-14", "Sky News Arabia", "qasrak-2020-10-14-presence-reported"),
    ("taji", "withdrawal_announced", "2020-07-16", "Sputnik", "taji-2020-07-16-withdrawal-announced"),
    ("taji", "handover", "2020-08-23", "RT", "taji-2020-08-23-handover"),
    ("besmaya", "handover_announced", "2020-07-23", "RT", "besmaya-2020-07-23-handover-announced"),
]


@pytest.fixture(scope="module")
def reader() -> Reader:
    return reader_of(Store.load(ROOT / "geodata" / "bases.geojson"))


@pytest.fixture(scope="module")
def article(reader: Reader) -> list[dict[str, Any]]:
    return reader.read(ARTICLE.read_text("utf-8"))


@pytest.mark.parametrize(("site", "kind", "day", "outlet", "event"), FACTS)
def test_article_statement_is_proposed(article: list[dict[str, Any]], site: str, kind: str, day: str,
                                       outlet: str, event: str) -> None:
    hits = [p for p in article if (p["site"], p["type"], p["date"], p["outlet"]) == (site, kind, day, outlet)]
    assert len(hits) == 1, [(p["site"], p["type"], p["date"], p["outlet"]) for p in article]
    hit = hits[0]
    assert hit["matches"] == event and hit["published"] == day and hit["precision"] == "day"
    text = ARTICLE.read_text("utf-8")
    start, end = hit["evidence"]["start"], hit["evidence"]["end"]
    assert text[start:end] == hit["evidence"]["text"]
    assert text[hit["span"]["start"]:hit["span"]["end"]] == hit["span"]["text"]
    assert start <= hit["span"]["start"] < hit["span"]["end"] <= end


def test_article_proposes_no_other_site(article: list[dict[str, Any]]) -> None:
    assert sorted((p["site"], p["type"], p["date"], p["outlet"]) for p in article) == \
        sorted(row[:4] for row in FACTS)


# Short texts written for these tests (own sentences; facts from the atlas's sourced events or invented
# for a rule where no site is proposed): text, publication day, site, type, date, outlet.
RULES = [
    ("Rockets struck Camp Taji on 11 March 2020, killing three coalition personnel, the Los Angeles Times reported.",
     None, "taji", "attack", "2020-03-11", "Los Angeles Times"),
    ("قال التحالف إن صواريخ سقطت على معسكر التاجي يوم الأربعاء، وفقا لـ رويترز.",
     "2020-03-12", "taji", "attack", "2020-03-11", "Reuters"),
    ("أفادت رويترز أمس بأن القوات الأمريكية غادرت قاعدة التنف متجهة إلى الأردن.",
     "2026-02-12", "tanf", "withdrawal", "2026-02-11", "Reuters"),
    ("US forces withdrew from the al-Tanf garrison yesterday, according to Reuters.",
     "2026-02-12", "tanf", "withdrawal", "2026-02-11", "Reuters"),
    ("وبحسب سبوتنيك، فإن القوات البريطانية ستنسحب من التاجي في ١٦ تموز ٢٠٢٠.",
     None, "taji", "withdrawal_announced", "2020-07-16", "Sputnik"),
    ("سلّم التحالف قاعدة التاجي إلى القوات العراقية وفقا لـ”روسيااليوم ” في 23أغسطس 2020.",
     None, "taji", "handover", "2020-08-23", "RT"),
    ("The coalition will hand Besmaya over to Iraqi forces, RT reported on 23 July 2020.",
     None, "besmaya", "handover_announced", "2020-07-23", "RT"),
    ("Drones targeted Ain al-Asad last week, Shafaq News said.",
     "2023-10-26", "ain-al-asad", "attack", "2023-10", "Shafaq News"),
    ("وصلت تعزيزات عسكرية أمريكية إلى قاعدة حرير في شباط 2021 بحسب رووداو.",
     None, "harir", "deployment", "2021-02", "Rudaw"),
    ("Iraq and the coalition signed an agreement on the future of Ain al-Asad in 2024.",
     "2024-09-30", "ain-al-asad", "agreement", "2024", None),
    ("تتمركز قوات أمريكية في قاعدة الشدادي منذ يومين.",
     "2021-05-03", "shaddadi", "presence_reported", "2021-05-01", None),
    ("US troops are stationed at Erbil Air Base, Kurdistan 24 reported on Thursday.",
     "2024-01-13", "erbil", "presence_reported", "2024-01-11", "Kurdistan24"),
]


@pytest.mark.parametrize(("text", "published", "site", "kind", "day", "outlet"), RULES)
def test_rule(reader: Reader, text: str, published: str | None, site: str, kind: str, day: str,
              outlet: str | None) -> None:
    on = date.fromisoformat(published) if published else None
    got = [(p["site"], p["type"], p["date"], p["outlet"]) for p in reader.read(text, on) if p["site"]]
    assert got == [(site, kind, day, outlet)]


def test_outlet_of_its_own_text(reader: Reader) -> None:
    got = reader.read("A rocket attack hit Camp Taji on Monday.", date(2020, 3, 18), outlet="AFP")
    assert [(p["site"], p["date"], p["outlet"], p["attribution"]) for p in got] == \
        [("taji", "2020-03-16", "AFP", "text")]


def test_relative_date_without_publication_day_is_unknown(reader: Reader) -> None:
    (got,) = reader.read("Rockets hit Camp Taji yesterday, Reuters reported.")
    assert got["site"] == "taji" and got["date"] is None and got["date_text"] == "yesterday"


def test_match_means_a_further_source(reader: Reader) -> None:
    (got,) = reader.read("The coalition handed Camp Taji over to Iraqi forces on 24 August 2020, AFP said.")
    assert got["matches"] == "taji-2020-08-23-handover"
    (far,) = reader.read("The coalition handed Camp Taji over to Iraqi forces on 30 August 2020, AFP said.")
    assert far["matches"] is None


@pytest.mark.parametrize(("text", "published"), [
    # Ain al-Arab (Kobani) is a town, not Ain al-Asad
    ("Rockets hit Ain al-Arab on Friday, SANA reported.", "2021-06-05"),
    ("سقطت قذائف على مدينة عين العرب أمس.", "2021-06-05"),
    # the al-Tanf border crossing and the town, not the garrison
    ("Syrian troops deployed to the al-Tanf border crossing yesterday.", "2026-02-14"),
    ("انتشرت قوات سورية في بلدة التنف أمس.", "2026-02-14"),
    # a base named in a history paragraph, with no event
    ("Ain al-Asad was built in the 1980s and was long known as Qadisiyah Airbase.", "2020-01-08"),
    ("بُنيت قاعدة عين الأسد في ثمانينيات القرن الماضي وعُرفت باسم قاعدة القادسية.", "2020-01-08"),
    # a site named with no event at all
    ("Erbil is the largest city of the Kurdistan Region.", "2020-01-08"),
])
def test_trap_proposes_no_site(reader: Reader, text: str, published: str) -> None:
    got = reader.read(text, date.fromisoformat(published))
    assert [p["site"] for p in got if p["site"]] == []


def test_town_of_a_sites_name_is_reported_unmatched(reader: Reader) -> None:
    (got,) = reader.read("Syrian troops deployed to the town of al-Tanf yesterday.", date(2026, 2, 14))
    assert got["site"] is None and got["span"]["text"] == "al-Tanf" and "town" in got["unmatched"]["reason"]
    assert got["confidence"] == 0.0


def test_base_outside_the_gazetteer_is_unmatched(reader: Reader) -> None:
    (got,) = reader.read("Rockets hit Hmeimim air base on Friday, TASS said.", date(2021, 6, 5))
    assert got["site"] is None and got["unmatched"]["reason"].startswith("a facility")
    (ar,) = reader.read("سقطت صواريخ على قاعدة حميميم يوم الجمعة.", date(2021, 6, 5))
    assert ar["site"] is None and ar["span"]["text"] == "قاعدة حميميم"


@pytest.mark.parametrize(("span", "published", "iso", "precision"), [
    ("في 23أغسطس 2020", None, "2020-08-23", "day"),
    ("في ٢٢ فبراير ٢٠٢١", None, "2021-02-22", "day"),
    ("في 14 شباط 2021", None, "2021-02-14", "day"),
    ("في كانون الثاني 2020", None, "2020-01", "month"),
    ("on March 11, 2020", None, "2020-03-11", "day"),
    ("in January 2021", None, "2021-01", "month"),
    ("عام 2019", None, "2019", "year"),
    ("أمس", "2020-07-23", "2020-07-22", "day"),
    ("yesterday", "2020-07-23", "2020-07-22", "day"),
    ("on Thursday", "2020-07-25", "2020-07-23", "day"),
    ("يوم الخميس", "2020-07-25", "2020-07-23", "day"),
    ("on Thursday", "2020-03-12", "2020-03-12", "day"),            # a Thursday's report: that day
    ("يوم الخميس الماضي", "2020-03-12", "2020-03-05", "day"),      # "last Thursday": the week before
    ("last week", "2020-07-23", "2020-07", "week"),
    ("الأسبوع الماضي", "2020-07-08", "2020", "week"),
    ("last month", "2020-07-23", "2020-06", "month"),
])
def test_date(span: str, published: str | None, iso: str, precision: str) -> None:
    (found,) = find_dates(span, 0, date.fromisoformat(published) if published else None)
    assert (found.iso, found.precision) == (iso, precision)
    assert span[found.start:found.end] == found.text


@pytest.mark.parametrize(("sentence", "kind"), [
    ("ستتسلّمه القوات العراقية", "handover_announced"),
    ("تسلّمت القوات العراقية القاعدة", "handover"),
    ("أعلنت القوات البريطانية انسحابها من القاعدة", "withdrawal_announced"),
    ("انسحبت القوات الأمريكية من القاعدة", "withdrawal"),
    ("The coalition announced it would withdraw from the base", "withdrawal_announced"),
    ("The coalition completed its withdrawal from the base", "withdrawal"),
    ("A drone attack targeted the base", "attack"),
    ("تتمركز القوات الأميركية في القاعدة", "presence_reported"),
    ("Marines deployed to the base", "deployment"),
    ("The two governments signed an agreement on the base", "agreement"),
    ("The ministry issued a statement on the base", "statement"),
])
def test_cue(sentence: str, kind: str) -> None:
    cue = event_type(fold(sentence))
    assert cue is not None and cue.type == kind
