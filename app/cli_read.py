"""The news reader at the command line: `bases read` (proposals from a text) and `bases add-event` (one into YAML)."""

import json
import sys
from pathlib import Path

import click

from app.domain.errors import DataError
from app.settings import Settings

GEODATA = click.option("--geodata", type=click.Path(path_type=Path, file_okay=False),
                       default=None, help="Folder of the sources (default: the repo's geodata/).")


def _geodata(path: Path | None) -> Path:
    return path or Settings().geodata_dir


def _text_of(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {source}: {exc}; give a UTF-8 text file, or - for stdin") from None


@click.command(name="read")
@click.argument("source", default="-", metavar="[FILE|-]")
@click.option("--published", default=None,
              help="The text's publication day (YYYY-MM-DD): relative dates count from it.")
@click.option("--outlet", default=None, help="The outlet whose own text this is (for statements not attributed).")
@click.option("--lang", type=click.Choice(["ar", "en", "auto"]), default="auto", help="The text's language.")
@GEODATA
def read_cmd(source: str, published: str | None, outlet: str | None, lang: str, geodata: Path | None) -> None:
    """Propose events (site, type, date, outlet, evidence) in a news text, one JSON object a line."""
    from app.reader.build import day, reader_of
    from app.store import Store

    try:
        on = day(published)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from None
    text = _text_of(source)
    try:
        store = Store.load(_geodata(geodata) / "bases.geojson")
    except DataError as exc:
        raise click.ClickException(exc.message) from None
    for proposal in reader_of(store).read(text, on, outlet, lang):
        click.echo(json.dumps(proposal, ensure_ascii=False))


@click.command(name="add-event")
@click.argument("site")
@click.option("--proposal", "proposal_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="A file with one proposal of `bases read` (default: standard input).")
@click.option("--summary-en", required=True, help="The event in your own words, in English.")
@click.option("--summary-ar", required=True, help="The event in your own words, in Arabic.")
@click.option("--nations", default="", help="ISO alpha-2 codes of the forces concerned, comma-separated.")
@click.option("--url", default=None, help="The source's URL, when known.")
@GEODATA
def add_event_cmd(site: str, proposal_file: Path | None, summary_en: str, summary_ar: str, nations: str,
                  url: str | None, geodata: Path | None) -> None:
    """Write a reviewed proposal into geodata/sites/SITE.yaml (layout kept), then validate; nothing on failure."""
    from app.sources.edit import EditError, Review, add_event

    lines = [ln for ln in (_text_of(str(proposal_file)) if proposal_file else sys.stdin.read()).splitlines()
             if ln.strip()]
    if len(lines) != 1:
        raise click.BadParameter(f"{len(lines)} proposals given: give exactly one JSON line of `bases read`",
                                 param_hint="--proposal")
    try:
        proposal = json.loads(lines[0])
        if not isinstance(proposal, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        raise click.BadParameter(f"not a proposal: {exc}", param_hint="--proposal") from None
    review = Review(summary_en, summary_ar, tuple(n.strip().upper() for n in nations.split(",") if n.strip()), url)
    try:
        path, done = add_event(_geodata(geodata), site, proposal, review)
    except EditError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(exc)) from None
    click.echo(f"{done} in {path}; run `bases build` to publish it")
