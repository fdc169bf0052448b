"""The geocoder on the real gazetteer: real spellings in both scripts, and names that must not match."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.names.geocoder import Geocoder
from app.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Store.load(ROOT / "geodata" / "bases.geojson").geocoder


# Spellings seen in real sources (news, Wikipedia, the source article), five or more a script.
SPELLINGS = {
    "ain-al-asad": ["Ain al-Asad", "Ain Al Asad Air Base", "Al Asad Airbase", "al-Asad air base",
                    "Ayn al-Asad", "AIN AL-ASSAD", "Ain al-Assad airbase",
                    "عين الأسد", "قاعدة عين الأسد", "قاعدة عين الاسد الجوية", "عين الاسد",
                    "قاعدة عين الأسد الجويّة", "قاعدة القادسية"],
    "erbil": ["Erbil", "Erbil Air Base", "Arbil", "Erbil airport", "Irbil",
              "أربيل", "اربيل", "قاعدة أربيل", "قاعدة اربيل الجوية", "مطار أربيل"],
    "taji": ["Taji", "Camp Taji", "Taji base", "al-Taji", "Taji military base",
             "التاجي", "قاعدة التاجي", "معسكر التاجي", "قاعدة التاجي العسكرية", "تاجي"],
    "besmaya": ["Besmaya", "Besmaya Range Complex", "Camp Besmaya", "Basmaya", "Besmayah",
                "بسماية", "معسكر بسماية", "قاعدة بسماية", "معسكر بسماية التدريبي", "ميدان بسماية"],
    "tanf": ["Tanf", "al-Tanf", "At-Tanf", "Al Tanf garrison", "al-Tanf base",
             "التنف", "قاعدة التنف", "التّنف", "قاعدة التنف العسكرية", "التَّنْف"],
    "qasrak": ["Qasrak", "Qasrak base", "Qasrak military base", "Qasrek", "Kasrak",
               "قسرك", "قاعدة قسرك", "قاعدة قسرك الأمريكية", "قسرك الأميركية", "قاعدة قسرك العسكرية"],
    "al-omar": ["al-Omar oil field", "Omar oil field", "Al Omar", "al-Omar", "Omar field",
                "حقل العمر", "حقول نفط العمر", "حقل العمر النفطي", "العمر", "قاعدة حقل العمر"],
    "baghdad-embassy": ["Union III", "Union 3", "FOB Union III", "Camp Union III", "union iii base",
                        "يونيون 3", "قاعدة يونيون 3", "يونيون ٣", "قاعدة يونيون 3 العسكرية", "معسكر يونيون 3"],
    "conoco": ["Conoco", "Conoco gas field", "Conoco gas plant", "Koniko", "Conoco field",
               "كونيكو", "غاز كونيكو", "حقل كونيكو", "معمل غاز كونيكو", "حقل غاز كونيكو"],
}

# Real places that are not any site of the atlas, and near-misses: never a confident wrong site.
NOT_SITES = ["Ain al-Arab", "Tal Tamr", "Sulaymaniyah", "US Embassy", "US embassy in Damascus", "Hasakah",
             "Altun Kupri", "الحسكة", "Qamishli", "القامشلي", "Raqqa", "Green Zone",
             "Baghdad airport",
             "Mosul", "Kirkuk", "Deir ez-Zor", "Palmyra", "Rukban", "Abu Kamal", "Tanaf river",
             "عين العرب", "مطار بغداد", "السفارة الأمريكية في دمشق", "تل تمر", "الموصل", "كركوك", "تدمر", "الركبان",
             "Damascus", "Tikrit", "Taj Mahal", "", "   ", "base", "قاعدة"]


# The sites added from the 2026 research (geodata/research/*-2026.md): the spellings their sources use,
# and the descriptive names sources give a site (by a landmark beside it, by an operation's name for it).
NEW_SPELLINGS = {
    "makhmour": ["Makhmour", "Makhmur base", "Camp Swift", "Fire Base Bell", "مخمور", "قاعدة مخمور"],
    "mosul-noc": ["Nineveh Operations Command", "al-Sqoor base", "قيادة عمليات نينوى"],
    "abu-ghraib": ["Abu Ghraib", "Abu Ghraib base", "أبو غريب", "ابو غريب"],
    "baghdad-embassy": ["near the US embassy", "near the American embassy", "قرب السفارة الأمريكية",
                        "بالقرب من السفارة الأمريكية", "محيط السفارة الأمريكية", "قاعدة التوحيد العسكرية الثالثة"],
    "hemo": ["Hemo", "Himo", "Hemo base", "هيمو", "قاعدة هيمو"],
    "rubariya": ["Rubariya", "Rubarya base", "قاعدة روباريا"],
    "tal-alo": ["Tal Alo", "Tel Alou", "Umm Kahif", "تل علو", "صوامع تل علو"],
    "istirahat-al-wazir": ["Istirahat al-Wazir", "Istrahat Wazir base", "استراحة الوزير", "قاعدة الوزير"],
    "hasakah-ghwairan": ["Ghwairan", "Ghuweran base", "حي غويران", "قاعدة غويران"],
    "tabqa": ["Tabqa Airbase", "Tabqa airfield", "مطار الطبقة العسكري", "قاعدة الطبقة"],
    "qasr-yalda": ["Qasr Yalda", "قصر يلدا"],
    "manbij": ["Manbij outposts", "Dadat", "منبج", "أم ميال"],
    "ain-issa": ["Ain Issa base", "Ayn Isa", "عين عيسى", "قاعدة عين عيسى"],
    "al-omar": ["Green Village", "MSS Green Village", "القرية الخضراء"],   # the US base inside the field
    "lafarge": ["Kharab Ishk", "خراب عشق"],
    "conoco": ["Mission Support Site Euphrates", "MSS Euphrates"],
}


@pytest.mark.parametrize(("site", "name"), [(s, n) for s, names in NEW_SPELLINGS.items() for n in names])
def test_the_new_sites_spellings_and_descriptive_names_match(geocoder: Geocoder, site: str, name: str) -> None:
    answer = geocoder.lookup(name)
    assert answer["match"] is not None, f"{name!r} unmatched; candidates {answer['candidates']}"
    assert answer["match"]["id"] == site


@pytest.mark.parametrize(("site", "name"), [(s, n) for s, names in SPELLINGS.items() for n in names])
def test_real_spellings_match_their_site(geocoder: Geocoder, site: str, name: str) -> None:
    answer = geocoder.lookup(name)
    assert answer["match"] is not None, f"{name!r} unmatched; candidates {answer['candidates']}"
    assert answer["match"]["id"] == site


def test_every_site_has_five_spellings_in_each_script() -> None:
    for site, names in SPELLINGS.items():
        arabic = [n for n in names if any("\u0600" <= c <= "\u06ff" for c in n)]
        assert len(arabic) >= 5 and len(names) - len(arabic) >= 5, site


@pytest.mark.parametrize("name", NOT_SITES)
def test_names_outside_the_gazetteer_do_not_match(geocoder: Geocoder, name: str) -> None:
    answer = geocoder.lookup(name)
    assert answer["match"] is None, f"{name!r} wrongly matched {answer['match']}"


def test_bashur_is_harir_never_erbil(geocoder: Geocoder) -> None:
    answer = geocoder.lookup("Bashur airfield")
    assert answer["match"] is None or answer["match"]["id"] == "harir"
    assert answer["match"] is None or answer["match"]["id"] != "erbil"


def test_a_typo_matches_fuzzily_with_a_score_below_100(geocoder: Geocoder) -> None:
    answer = geocoder.lookup("Ain al-Asaad")
    assert answer["match"]["id"] == "ain-al-asad"
    assert 88 <= answer["match"]["score"] < 100


def test_a_near_miss_offers_candidates(geocoder: Geocoder) -> None:
    answer = geocoder.lookup("Ain al-Arab")
    assert answer["match"] is None
    assert "ain-al-asad" in [c["id"] for c in answer["candidates"]]


def test_cli_prints_one_json_line_a_name_and_exits_by_matches() -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["geocode", "Camp Taji", "قاعدة التنف"])
    assert ok.exit_code == 0
    lines = [json.loads(line) for line in ok.stdout.splitlines()]
    assert [ln["match"]["id"] for ln in lines] == ["taji", "tanf"]
    assert set(lines[0]) == {"query", "match", "candidates"}
    assert set(lines[0]["match"]) == {"id", "name_en", "name_ar", "lon", "lat", "score"}
    miss = runner.invoke(main, ["geocode", "--stdin"], input="Taji\nAin al-Arab\n\n")
    assert miss.exit_code == 1
    answers = [json.loads(line) for line in miss.stdout.splitlines()]
    assert [a["query"] for a in answers] == ["Taji", "Ain al-Arab"]
    assert answers[1]["match"] is None


def test_cli_needs_a_name() -> None:
    result = CliRunner().invoke(main, ["geocode"])
    assert result.exit_code == 2 and "NAME" in result.stderr
