"""Write a reviewed proposal into a site file (ruamel.yaml round trip: comments and layout kept), then validate.

The file is replaced only when the whole data set still validates with it: the new text is checked in a
copy of the sources first, then moved into place atomically. Nothing is half-written.
"""

import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from app.sources.borders import BORDERS_FILE
from app.sources.checks import load
from app.sources.reading import SITES_DIR, Problem

#: A summary sharing this many words in a row with the source's sentence copies it.
COPIED_WORDS = 5
_WORDS = re.compile(r"[^\W_]+")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})
_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


class EditError(Exception):
    """The proposal cannot be written: the message names the problem and the fix."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Review:
    """What the editor adds to a proposal: their own summaries, the nations concerned, the certainty."""

    summary_en: str
    summary_ar: str
    nations: tuple[str, ...] = ()
    url: str | None = None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 20          # never re-wrap a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


def copied(summary: str, evidence: str, run: int = COPIED_WORDS) -> str | None:
    """Return the words a summary shares in a row (`run` or more) with the source's sentence, or None."""
    def words(text: str) -> list[str]:
        return _WORDS.findall(_MARKS.sub("", text).translate(_ALEF).casefold())
    said, source = words(summary), words(evidence)
    grams = {tuple(source[i:i + run]) for i in range(len(source) - run + 1)}
    for i in range(len(said) - run + 1):
        if tuple(said[i:i + run]) in grams:
            return " ".join(said[i:i + run])
    return None


def add_event(geodata: Path, site: str, proposal: dict[str, Any], review: Review) -> tuple[Path, str]:
    """Write the proposal into sites/SITE.yaml; return the file and what was done. EditError if it cannot be."""
    path = geodata / SITES_DIR / f"{site}.yaml"
    if not path.is_file():
        raise EditError(f"no site file {path}: give the id of a site (bases geocode NAME finds it)")
    _check(site, proposal, review)
    yaml = _yaml()
    data = yaml.load(path.read_text("utf-8"))
    events = data.setdefault("events", CommentedSeq())
    done = _add(events, site, proposal, review)
    out = io.StringIO()
    yaml.dump(data, out)
    _validated_write(geodata, path, out.getvalue())
    return path, done


def _check(site: str, proposal: dict[str, Any], review: Review) -> None:
    if proposal.get("site") not in (None, site):
        raise EditError(f"the proposal is about {proposal['site']!r}, not {site!r}: give that site, "
                        "or edit the proposal")
    for key in ("type", "date", "outlet"):
        if not proposal.get(key):
            raise EditError(f"the proposal has no {key}: add it to the proposal (the reader could not tell)")
    if not proposal.get("published"):
        raise EditError("the proposal has no publication day of its source: add \"published\" (YYYY-MM-DD)")
    evidence = str((proposal.get("evidence") or {}).get("text", ""))
    for name, text in (("--summary-en", review.summary_en), ("--summary-ar", review.summary_ar)):
        if not text.strip():
            raise EditError(f"{name} is empty: write the summary in your own words")
        same = copied(text, evidence)
        if same:
            raise EditError(f"{name} copies the source's words ({same!r}): write the summary in your own words")


def _source(proposal: dict[str, Any], review: Review) -> CommentedMap:
    src = CommentedMap()
    src["outlet"] = proposal["outlet"]
    src["published"] = DoubleQuotedScalarString(proposal["published"])
    src["url"] = review.url
    return src


def _add(events: CommentedSeq, site: str, proposal: dict[str, Any], review: Review) -> str:
    match = proposal.get("matches")
    if match:
        event = next((e for e in events if e.get("id") == match), None)
        if event is None:
            raise EditError(f"the proposal matches event {match!r}, which is not in {site}'s file")
        event.setdefault("also", CommentedSeq()).append(_source(proposal, review))
        return f"added {proposal['outlet']} as a further source of {match}"
    ids = {e.get("id") for e in events}
    base = f"{site}-{proposal['date']}-{proposal['type'].replace('_', '-')}"
    new_id = next(f"{base}-{n}" if n > 1 else base for n in range(1, len(ids) + 2)
                  if (f"{base}-{n}" if n > 1 else base) not in ids)
    event = CommentedMap()
    event["id"] = new_id
    event["date"] = DoubleQuotedScalarString(proposal["date"])
    event["type"] = proposal["type"]
    event["certainty"] = "reported"
    nations = CommentedSeq(review.nations)
    nations.fa.set_flow_style()
    event["nations"] = nations
    event["summary_en"] = DoubleQuotedScalarString(review.summary_en)
    event["summary_ar"] = DoubleQuotedScalarString(review.summary_ar)
    event["source"] = _source(proposal, review)
    events.append(event)
    return f"added event {new_id}"


def _validated_write(geodata: Path, path: Path, text: str) -> None:
    """Check the new text in a copy of the sources; only then replace the file (atomically)."""
    with tempfile.TemporaryDirectory(prefix="bases-edit-") as tmp:
        copy = Path(tmp) / "geodata"
        shutil.copytree(geodata, copy, symlinks=True,
                        ignore=shutil.ignore_patterns("bases.geojson", "research", "borders"))
        (copy / SITES_DIR / path.name).write_text(text, "utf-8")
        problems = load(copy, geodata / "borders" / BORDERS_FILE).problems
    if problems:
        raise EditError(f"{len(problems)} problem(s) with the new event; {path} is unchanged", problems)
    fd, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(staged, path)
