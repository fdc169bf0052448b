"""The news reader's quality and speed: recall and precision on a labelled set, and time per text.

    .venv/bin/python -m bench.reader_quality [--repeat 5] [--words 10000]

Quality: bench/reader_set/texts.yaml (short texts written for the atlas, both languages, every event
type, explicit and relative dates, attributions, traps; the reader was tuned on them), heldout.yaml
(written after tuning and not tuned on) and the source article (shared/source, beside the repository;
its statements in bench/reader_set/article.yaml). Scored per set and language: (site, type, date) and
(site, type, date, outlet), each as recall and precision. Unmatched names (no site) are not proposals
of a site and are not scored.

Speed: the median of `--repeat` reads of the article, and of a text of `--words` words made of the
labelled texts over and over; against the targets (under 1 s and under 5 s), and per 1,000 words.
"""

import argparse
import os
import statistics
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from app.reader.build import reader_of
from app.reader.propose import Reader
from app.reader.text import fold_name
from app.store import Store

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "bench" / "reader_set"
PLACES = ("shared/source", "../shared/source")   # beside the repository, as the project's checkouts have it


def source_article(root: Path) -> Path:
    """The project's source article: $BASES_SOURCE_ARTICLE, else shared/source/ beside the checkout (or a level
    up, for a clone made inside a work folder); never copied into the repository (its sentences are not ours)."""
    given = os.environ.get("BASES_SOURCE_ARTICLE")
    if given:
        return Path(given)
    for place in PLACES:
        found = root.parent / place / "coalition-article-ar.txt"
        if found.exists():
            return found
    raise FileNotFoundError(f"the source article is not beside {root}: put shared/source/coalition-article-ar.txt "
                            "next to the checkout, or set BASES_SOURCE_ARTICLE to its path")


ARTICLE = source_article(ROOT)


def _norm(outlet: str | None) -> str:
    return fold_name(outlet) if outlet else ""


def score(reader: Reader, cases: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Count, per language, expected and proposed events and those that agree (with and without the outlet)."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for case in cases:
        on = date.fromisoformat(case["published"]) if case.get("published") else None
        got = [p for p in reader.read(case["text"], on, case.get("outlet")) if p["site"]]
        want = {(e["site"], e["type"], e["date"]) for e in case["expect"]}
        want_src = {(e["site"], e["type"], e["date"], _norm(e.get("outlet"))) for e in case["expect"]}
        have = {(p["site"], p["type"], p["date"]) for p in got}
        have_src = {(p["site"], p["type"], p["date"], _norm(p["outlet"])) for p in got}
        t = tally[f"{case['set']}, {case['lang']}"]
        t["expected"] += len(want)
        t["proposed"] += len(have)
        t["right"] += len(want & have)
        t["right_outlet"] += len(want_src & have_src)
        t["texts"] += 1
    return tally


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def report(tally: dict[str, dict[str, int]]) -> None:
    print("| set | texts | expected | proposed | (site, type, date) recall | precision | "
          "with outlet recall | precision |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, t in sorted(tally.items()):
        print(f"| {name} | {t['texts']} | {t['expected']} | {t['proposed']} | {_ratio(t['right'], t['expected'])} | "
              f"{_ratio(t['right'], t['proposed'])} | {_ratio(t['right_outlet'], t['expected'])} | "
              f"{_ratio(t['right_outlet'], t['proposed'])} |")


def timed(reader: Reader, text: str, repeat: int) -> float:
    """Median seconds of `repeat` reads of a text."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        reader.read(text)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="reads of each text for the speed figures")
    parser.add_argument("--words", type=int, default=10_000, help="words of the long text")
    args = parser.parse_args()
    started = time.perf_counter()
    reader = reader_of(Store.load(ROOT / "geodata" / "bases.geojson"))
    print(f"reader ready in {time.perf_counter() - started:.2f} s (store loaded, events and outlets indexed)")
    cases = [{**case, "set": name} for name, file in (("tuned", "texts.yaml"), ("held out", "heldout.yaml"))
             for case in yaml.safe_load((SET / file).read_text("utf-8"))]
    article = ARTICLE.read_text("utf-8")
    cases.append({"set": "source article", "lang": "ar", "text": article,
                  "expect": yaml.safe_load((SET / "article.yaml").read_text("utf-8"))})
    first = time.perf_counter()
    tally = score(reader, cases)
    print(f"scored {len(cases)} texts in {time.perf_counter() - first:.2f} s (first reads included)\n")
    keys = ("texts", "expected", "proposed", "right", "right_outlet")
    sums = {f"{name}, both": defaultdict(int, {k: sum(t[k] for n, t in tally.items() if n.startswith(name))
                                               for k in keys}) for name in ("tuned", "held out")}
    report({**tally, **sums})
    long_text = ""
    texts = [c["text"] for c in cases if c["set"] != "source article"]
    while len(long_text.split()) < args.words:
        long_text += "\n\n".join(texts) + "\n\n"
    words = len(long_text.split())
    a, b = timed(reader, article, args.repeat), timed(reader, long_text, args.repeat)
    print(f"\nspeed (median of {args.repeat}): source article ({len(article.split())} words) {a * 1000:.0f} ms "
          f"(target under 1 s: {'met' if a < 1 else 'not met'}); {words}-word text {b:.2f} s "
          f"(target under 5 s: {'met' if b < 5 else 'not met'}); {b / words * 1000 * 1000:.0f} ms per 1,000 words")


if __name__ == "__main__":
    main()
