"""A text cut into runs for a page: plain text, and the names each proposal was read from (with its number)."""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class Run:
    """A piece of the text; `proposal` is the index of the proposal whose site name it is, or None."""

    text: str
    proposal: int | None = None
    sentence: bool = False      # inside a proposal's evidence sentence


def runs(text: str, proposals: Sequence[dict[str, Any]]) -> list[Run]:
    """Cut the text at the proposals' names and evidence sentences, in order (overlaps: the first wins)."""
    marks = sorted((p["span"]["start"], p["span"]["end"], n) for n, p in enumerate(proposals))
    sentences = sorted({(p["evidence"]["start"], p["evidence"]["end"]) for p in proposals})
    cuts = sorted({0, len(text), *(x for s, e, _ in marks for x in (s, e)), *(x for s, e in sentences for x in (s, e))})
    out: list[Run] = []
    for start, end in pairwise(cuts):
        if start >= end:
            continue
        owner = next((n for s, e, n in marks if s <= start and end <= e), None)
        inside = any(s <= start and end <= e for s, e in sentences)
        out.append(Run(text[start:end], owner, inside))
    return out
