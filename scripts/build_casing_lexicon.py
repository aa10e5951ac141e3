"""Build groundcheck's English casing lexicon (`groundcheck/resources/casing-en.txt`) from news articles.

    python scripts/build_casing_lexicon.py ../shared/data/news/articles.jsonl.xz

A word enters the lexicon when, away from sentence starts, its most frequent form has a capital ("NATO",
"iPhone", "Gateshead"), that form was seen at least --min-count times, and the word is rarely written in lower
case (--max-lower: "City" is more frequent than "city" in sports news, but "city" is a common word). Stop words are left out ("US"
outnumbers "us" in news, but a lower-cased "us" is far more often the pronoun than it is elsewhere).
Articles that share text with any dev set (eight-word runs, see --dev) are left out, so the lexicon knows no
name only because it read the article a dev summary was written from.
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHINGLE = 8


def _shingles(text: str) -> set[int]:
    w = re.findall(r"\w+", text.lower())
    return {hash(tuple(w[i : i + SHINGLE])) for i in range(len(w) - SHINGLE + 1)}


def _rows(path: Path):
    with lzma.open(path, "rt", encoding="utf-8") if path.suffix == ".xz" else path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main(argv=None) -> int:
    from spacy.lang.en.stop_words import STOP_WORDS

    from groundcheck.pipeline.casing import form_counts, most_common_forms

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", type=Path)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "data" / "dev",
                    help="labelled sets whose sources no article may share text with")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--max-lower", type=float, default=0.1,
                    help="leave out a word written in lower case more than this many times per capitalised use")
    ap.add_argument("--out", type=Path, default=ROOT / "groundcheck" / "resources" / "casing-en.txt")
    a = ap.parse_args(argv)

    held_out: set[int] = set()
    for f in sorted(a.dev.glob("*.jsonl*")):
        for r in _rows(f):
            src = r.get("source", "")
            for t in [src] if isinstance(src, str) else src:
                held_out |= _shingles(t)
    texts, dropped = [], 0
    for r in _rows(a.articles):
        text = r.get("text", "")
        if len(_shingles(text) & held_out) >= 2:
            dropped += 1
            continue
        texts.append(text)
    counts = form_counts(texts)
    # a word news also writes in lower case now and then ("City" beside "city") is a common word that is
    # often part of a name: left to the source's own usage, never capitalised by the lexicon alone
    forms = sorted(f for low, f in most_common_forms(counts).items()
                   if f != low and counts[low][f] >= a.min_count and counts[low][low] <= a.max_lower * counts[low][f]
                   and low not in STOP_WORDS)
    a.out.write_text("\n".join(forms) + "\n", encoding="utf-8")
    print(f"{len(texts)} articles read, {dropped} left out as sharing text with a dev set; {len(forms)} forms -> {a.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
