"""A text cut into paragraphs, sentences and words, each with its character offsets into the text."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.names.normalise import normalise_arabic

# A sentence ends at . ! ? ؟ or ; unless the dot sits between digits (14.5) or after a one-letter initial.
_END = re.compile(r"(?<!\d)[.!?؟;؛](?!\d)|(?<=\d)[.!?؟](?!\d)")
_PARA = re.compile(r"\n\s*\n|\n(?=\s*\S[^\n]{0,60}\n)")
_WORD = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+(?:[-'’][\w\u064B-\u065F\u0670\u0640]+)*")
_TASHKEEL = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
                       **{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)},
                       "’": "'", "‘": "'"})


@dataclass(frozen=True)
class Word:
    """One word of the text and where it is."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence: its offsets, its paragraph's number and its words."""

    start: int
    end: int
    paragraph: int
    text: str
    words: tuple[Word, ...]

    @property
    def folded(self) -> str:
        """The sentence folded for cue matching (see `fold`)."""
        return fold(self.text)


def fold(text: str) -> str:
    """Fold a text for matching cue words: case, diacritics, tatweel, hamza and alef forms, digits."""
    return _TASHKEEL.sub("", text).translate(_FOLD).lower()


def fold_mapped(text: str) -> tuple[str, Sequence[int]]:
    """Fold a text (see `fold`) and return, for each folded character, its offset in the text."""
    return _fold_cached(text) if len(text) <= 4096 else _fold_mapped(text)   # a sentence is folded 3 times


@lru_cache(maxsize=2048)
def _fold_cached(text: str) -> tuple[str, Sequence[int]]:
    return _fold_mapped(text)


def _fold_mapped(text: str) -> tuple[str, Sequence[int]]:
    if not _TASHKEEL.search(text):
        folded = text.translate(_FOLD).lower()
        if len(folded) == len(text):
            return folded, range(len(text) + 1)
    kept = [(n, c) for n, c in enumerate(text) if not _TASHKEEL.match(c)]
    folded = "".join(_lower(c) for _, c in kept).translate(_FOLD)
    return folded, [n for n, _ in kept] + [len(text)]


def fold_name(text: str) -> str:
    """Fold an outlet's name to a comparison key: script-folded, no articles, no spaces."""
    text = unicodedata.normalize("NFKC", text)
    if any("\u0600" <= c <= "\u06FF" for c in text):
        return normalise_arabic(text).replace("ال", "").replace(" ", "")
    return re.sub(r"[^\w]+", "", text.casefold())


def _lower(char: str) -> str:
    low = char.lower()
    return low if len(low) == 1 else char


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each paragraph: text between blank lines (a short line alone is one too)."""
    spans, start = [], 0
    for match in _PARA.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def words_of(text: str, offset: int = 0) -> tuple[Word, ...]:
    """Return the words of a text (letters and digits, with inner hyphens), offsets shifted by `offset`."""
    return tuple(Word(m.start() + offset, m.end() + offset, m.group()) for m in _WORD.finditer(text))


def sentences(text: str) -> list[Sentence]:
    """Cut a text into sentences, within paragraphs, with their offsets."""
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            _add(out, text, start, match.end(), number)
            start = match.end()
        _add(out, text, start, p_end, number)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not any(c.isalnum() for c in stripped):
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = start + lead
    out.append(Sentence(begin, begin + len(stripped), paragraph, stripped, words_of(stripped, begin)))
