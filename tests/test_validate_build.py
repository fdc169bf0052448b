"""`bases validate` and `bases build` on fixture data sets: every error kind, determinism, atomicity."""

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.sources import build as build_mod
from app.sources.build import BuildError, build, build_bytes, is_current
from app.sources.checks import load

Copy = Callable[[str], Path]


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in load(folder).problems]


def test_good_fixture_has_no_problems(fixture_geodata: Copy) -> None:
    assert problems_of(fixture_geodata("good")) == []


@pytest.mark.parametrize(("kind", "expected"), [
    ("missing location source", "sites/no-source.yaml:no-source:location.source: Field required"),
    ("missing event source", "sites/no-source.yaml:no-source:events[0].source: Field required"),
    ("malformed date", "sites/bad-dates.yaml:bad-dates:events[0].date: '2020-13-40' has no month 13"),
    ("future date", "sites/bad-dates.yaml:bad-dates:events[1].date: 2999-01-01 is in the future"),
    ("future publication", "sites/bad-dates.yaml:bad-dates:events[1].source.published: 2999-01-02 is in the future"),
    ("unknown event type", "sites/bad-vocab.yaml:bad-vocab:events[0].type: Input should be"),
    ("unknown nation", "sites/bad-vocab.yaml:bad-vocab:events[0].nations[0]: 'XX' is not an ISO 3166-1 alpha-2 code"),
    ("unknown publication", "sites/bad-vocab.yaml:bad-vocab:events[0].source.via: unknown publication 'nowhere'"),
    ("outside its country", "sites/wrong-country.yaml:wrong-country:location: (42.44, 33.8) lies in IQ, not in SY"),
    ("id not the file name", "sites/dup-one.yaml:dup-two:id: differs from the file name 'dup-one'"),
    ("duplicate id", "sites/dup-two.yaml:dup-two:id: duplicate id, also in sites/dup-one.yaml"),
    ("alias of two sites",
     "sites:dup-two,wrong-country:aliases: the name 'shared name' (normalised) is claimed by 2 sites"),
    ("unreadable YAML", "sites/not-yaml.yaml: cannot read:"),
    ("unknown site in a dataset event", "dataset.yaml:events[0].sites: unknown site 'no-such-site'"),
])
def test_validate_reports_each_error_kind(fixture_geodata: Copy, kind: str, expected: str) -> None:
    found = problems_of(fixture_geodata("broken"))
    assert any(p.startswith(expected) for p in found), f"{kind}: {expected!r} not in {found}"


def test_validate_cli_reports_everything_at_once_and_exits_nonzero(fixture_geodata: Copy) -> None:
    result = CliRunner().invoke(main, ["validate", "--geodata", str(fixture_geodata("broken"))])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 14
    # every broken file is named, and "sites" for the alias two files claim
    assert len({line.split(":")[0] for line in lines}) == 9


def test_validate_cli_ok(fixture_geodata: Copy) -> None:
    result = CliRunner().invoke(main, ["validate", "--geodata", str(fixture_geodata("good"))])
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 2 sites, 3 events")


def test_validate_warns_about_stale_sites_without_failing(fixture_geodata: Copy) -> None:
    result = CliRunner().invoke(main, ["validate", "--geodata", str(fixture_geodata("good"))])
    assert result.exit_code == 0
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("warning:")]
    assert "warning: sites/bravo.yaml:bravo:events: newest report 2020-10-14 is over 12 months old" in warnings
    # alpha's newest report is the dataset-level event of 2021-05-01 that concerns it
    assert any("alpha" in w and "2021-05-01" in w for w in warnings)


def test_build_is_deterministic(fixture_geodata: Copy, tmp_path: Path) -> None:
    folder = fixture_geodata("good")
    first = build(folder).read_bytes()
    os.utime(folder / "sites" / "alpha.yaml")          # touching a source changes nothing
    second = build(folder, out=tmp_path / "again.geojson").read_bytes()
    assert first == second
    assert build_bytes(folder) == first


def test_built_file_is_rfc7946(fixture_geodata: Copy) -> None:
    data = json.loads(build(fixture_geodata("good")).read_bytes())
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert data["bbox"] == [38.63, 33.5, 42.44, 33.8]
    alpha = data["features"][0]
    assert alpha["id"] == "alpha" and alpha["geometry"] == {"type": "Point", "coordinates": [42.44, 33.8]}
    props = alpha["properties"]
    assert {"id", "name_en", "name_ar", "aliases", "kind", "country", "admin1", "uncertainty_m",
            "location_source", "status", "status_date", "events"} <= set(props)
    # the dataset-level withdrawal announcement concerns alpha and is shown with it, once kept
    assert [e["type"] for e in props["events"]] == ["presence_reported", "handover", "withdrawal_announced"]
    assert props["events"][2]["id"] == "both-sites-agreement" and props["events"][2]["sites"] == ["alpha"]
    assert (props["status"], props["status_date"]) == ("withdrawal_announced", "2021-05-01")
    assert props["events"][0]["source"]["via"] == {"id": "paper", "outlet": "Fixture Review",
                                                   "published": "2021-04"}
    assert data["atlas"]["data_as_of"] == "2021-05-01"


def test_failed_build_leaves_the_previous_file(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    target = build(folder)
    before = target.read_bytes()
    (folder / "sites" / "bravo.yaml").write_text("id: bravo\nname_en: [broken\n", "utf-8")
    with pytest.raises(BuildError) as err:
        build(folder)
    assert any("bravo.yaml" in str(p) for p in err.value.problems)
    assert target.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["bases.geojson", "borders", "context", "dataset.yaml", "sites"]


def test_a_write_that_dies_midway_leaves_the_previous_file(
        fixture_geodata: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fixture_geodata("good")
    target = build(folder)
    before = target.read_bytes()

    def die(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(build_mod.os, "replace", die)
    with pytest.raises(OSError, match="disk full"):
        build(folder)
    assert target.read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_build_check_detects_a_stale_file(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("good")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--check", "--geodata", str(folder)]).exit_code == 1
    assert runner.invoke(main, ["build", "--geodata", str(folder)]).exit_code == 0
    assert is_current(folder)
    assert runner.invoke(main, ["build", "--check", "--geodata", str(folder)]).exit_code == 0
    text = (folder / "sites" / "bravo.yaml").read_text("utf-8")
    (folder / "sites" / "bravo.yaml").write_text(text.replace("Homs", "Homs Governorate"), "utf-8")
    stale = runner.invoke(main, ["build", "--check", "--geodata", str(folder)])
    assert stale.exit_code == 1 and "stale" in stale.stderr


def test_build_cli_refuses_broken_sources(fixture_geodata: Copy) -> None:
    folder = fixture_geodata("broken")
    result = CliRunner().invoke(main, ["build", "--geodata", str(folder)])
    assert result.exit_code == 1
    assert "nothing written" in result.stderr
    assert not (folder / "bases.geojson").exists()
