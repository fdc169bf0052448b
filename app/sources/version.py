"""The data version of a build: the newest date the sources record, and a short hash of their bytes.

Both come from the source files alone (not from git or the clock), so a fresh clone builds the
same version and `bases build --check` stays reproducible. The date is the newest of every
source's publication date, every fact's date and every `searched_to` (a month or a year counts
to its last day): it moves when a report is added or the sources are searched again. The hash
is of the files' bytes: it moves on any edit, a corrected summary included.
"""

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.dates import known_by
from app.domain.models import Dataset, Event, Site

SHORT = 8   # hex digits of the hash in the version string


def file_digest(path: Path) -> str:
    """The SHA-256 of a source file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _event_dates(events: Iterable[Event]) -> Iterable[str]:
    for event in events:
        yield from (s.published for s in event.sources)


def site_newest(site: Site) -> date | None:
    """The newest date a site file records: its sources' publication dates and its `searched_to`."""
    texts = [*_event_dates(site.events), *([site.searched_to] if site.searched_to else [])]
    return max(map(known_by, texts), default=None)


def dataset_newest(dataset: Dataset) -> date | None:
    """The newest date the dataset file records: events, facts, publications and `searched_to`."""
    texts = [*_event_dates(dataset.events), *(d for d in [dataset.searched_to] if d)]
    texts += [d for f in dataset.facts for d in (f.date, f.source.published) if d]
    texts += [p.published for p in dataset.publications.values() if p.published]
    return max(map(known_by, texts), default=None)


def data_version(digests: dict[str, str], newest: Iterable[date | None]) -> dict[str, Any]:
    """The version members of a build: `data_version` ("YYYY-MM-DD.hhhhhhhh"), its date and the full hash.

    `digests` maps each source file (relative path) to the SHA-256 of its bytes; the sources'
    hash is the SHA-256 of those lines in path order, so renaming a file changes it too.
    """
    lines = "".join(f"{rel}\t{digest}\n" for rel, digest in sorted(digests.items()))
    full = hashlib.sha256(lines.encode()).hexdigest()
    day = max((d for d in newest if d is not None), default=None)
    stamp = day.isoformat() if day else "undated"
    return {"data_version": f"{stamp}.{full[:SHORT]}", "data_version_date": day.isoformat() if day else None,
            "sources_sha256": full}
