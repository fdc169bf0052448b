"""`bases read` and `bases add-event` through the CLI: layout kept, copied summaries refused, nothing half-written."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.sources.checks import load
from app.sources.edit import copied
from tests.conftest import BORDERS, GEODATA
from tests.test_reader import ARTICLE, FACTS

TEXT = "The coalition handed Camp Taji over to Iraqi forces on 24 August 2020, AFP said."
NEW = "Rockets struck Camp Taji on 14 March 2020, wounding several soldiers, according to Reuters."
OWN_EN = "Iraqi forces took over the camp's facilities from the coalition."
OWN_AR = "تسلمت القوات العراقية منشآت المعسكر من التحالف."


@pytest.fixture
def geodata(tmp_path: Path) -> Path:
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target, symlinks=True, ignore=shutil.ignore_patterns("borders", "research"))
    (target / "borders").symlink_to(BORDERS, target_is_directory=True)
    return target


def _read(geodata: Path, text: str) -> str:
    result = CliRunner().invoke(main, ["read", "-", "--geodata", str(geodata), "--published", "2020-08-25"],
                                input=text)
    assert result.exit_code == 0, result.output
    return result.output


def test_read_bad_published_is_a_usage_error(geodata: Path) -> None:
    result = CliRunner().invoke(main, ["read", "-", "--geodata", str(geodata), "--published", "2020-08"], input="x")
    assert result.exit_code == 2 and "--published" in result.output and "YYYY-MM-DD" in result.output


def test_new_event_keeps_the_rest_of_the_file(geodata: Path) -> None:
    path = geodata / "sites" / "taji.yaml"
    before = path.read_bytes()
    proposal = _read(geodata, NEW)
    result = CliRunner().invoke(main, ["add-event", "taji", "--geodata", str(geodata), "--summary-en",
                                       "Rockets hit the camp and wounded soldiers.", "--summary-ar",
                                       "أصابت صواريخ المعسكر وجرحت جنوداً.", "--nations", "US"], input=proposal)
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    assert after.startswith(before) and b"id: taji-2020-03-14-attack" in after[len(before):]
    src = load(geodata)
    assert src.problems == []
    (event,) = [e for s in src.sites if s.id == "taji" for e in s.events if e.id == "taji-2020-03-14-attack"]
    assert (event.source.outlet, event.source.published, event.certainty) == ("Reuters", "2020-08-25", "reported")


def test_matching_proposal_becomes_a_further_source(geodata: Path) -> None:
    path = geodata / "sites" / "taji.yaml"
    proposal = _read(geodata, TEXT)
    assert json.loads(proposal)["matches"] == "taji-2020-08-23-handover"
    proposal_file = geodata.parent / "proposal.jsonl"
    proposal_file.write_text(proposal, "utf-8")
    result = CliRunner().invoke(main, ["add-event", "taji", "--geodata", str(geodata), "--proposal",
                                       str(proposal_file), "--summary-en", OWN_EN, "--summary-ar", OWN_AR])
    assert result.exit_code == 0, result.output
    (site,) = [s for s in load(geodata).sites if s.id == "taji"]
    (event,) = [e for e in site.events if e.id == "taji-2020-08-23-handover"]
    assert [s.outlet for s in event.also] == ["AFP"]
    assert path.read_text("utf-8").count("- id: ") == 4


def test_copied_summary_is_refused_and_nothing_written(geodata: Path) -> None:
    path = geodata / "sites" / "taji.yaml"
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["add-event", "taji", "--geodata", str(geodata), "--summary-en",
                                       "The coalition handed Camp Taji over to Iraqi forces.", "--summary-ar", OWN_AR],
                                input=_read(geodata, TEXT))
    assert result.exit_code == 1 and "own words" in result.output and "copies" in result.output
    assert path.read_bytes() == before


def test_invalid_event_leaves_the_file_untouched(geodata: Path) -> None:
    path = geodata / "sites" / "taji.yaml"
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["add-event", "taji", "--geodata", str(geodata), "--summary-en", OWN_EN,
                                       "--summary-ar", OWN_AR, "--nations", "XX"], input=_read(geodata, NEW))
    assert result.exit_code == 1 and "not an ISO 3166-1 alpha-2 code" in result.output and "unchanged" in result.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(p.name for p in (GEODATA / "sites").iterdir())


def test_not_one_proposal_is_a_usage_error(geodata: Path) -> None:
    result = CliRunner().invoke(main, ["add-event", "taji", "--geodata", str(geodata), "--summary-en", OWN_EN,
                                       "--summary-ar", OWN_AR], input="")
    assert result.exit_code == 2 and "exactly one" in result.output


@pytest.mark.parametrize(("summary", "evidence", "hit"), [
    ("Iraqi forces took over the camp.", "The coalition handed Camp Taji over to Iraqi forces.", None),
    ("the coalition handed camp taji over", "The coalition handed Camp Taji over to Iraqi forces.",
     "the coalition handed camp taji"),
    ("سلّم التحالف معسكر التاجي إلى القوات", "سلم التحالف معسكر التاجي إلى القوات العراقية",
     "سلم التحالف معسكر التاجي الي"),
])
def test_copied(summary: str, evidence: str, hit: str | None) -> None:
    assert copied(summary, evidence) == hit


def test_read_the_article_from_a_file(geodata: Path) -> None:
    result = CliRunner().invoke(main, ["read", str(ARTICLE), "--geodata", str(geodata), "--lang", "auto"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert sorted((p["site"], p["type"], p["date"], p["outlet"]) for p in lines) == sorted(f[:4] for f in FACTS)
    assert {p["lang"] for p in lines} == {"ar"}


def test_read_a_missing_file_is_a_usage_error(geodata: Path) -> None:
    result = CliRunner().invoke(main, ["read", str(geodata / "nothing.txt"), "--geodata", str(geodata)])
    assert result.exit_code == 2 and "cannot read" in result.output
