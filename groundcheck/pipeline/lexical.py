"""Cheap lexical features: content-word stems and IDF-weighted coverage.

Used for the retrieval prefilter (so long sources stay fast), as a retrieval signal beside
embeddings, and as a verifier feature.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from .aliases import COUNTRY_FORMS, COUNTRY_OF

_TOKEN = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['\u2019]s$")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in _TOKEN.findall(text)]


@lru_cache(maxsize=1)
def irregular_forms() -> dict[str, str]:
    """Irregular noun and verb forms and their lemma ("met" -> "meet", "told" -> "tell", "children" ->
    "child"), read from the exception tables of the packaged spaCy model's lemmatizer. A stemmer leaves
    "met" and "meeting" apart, so a claim in another tense than its source looked invented; the table
    is read from disk alone, without loading the pipeline a second time.

    A form that is a verb of its own ("found", "wound", "ground") keeps its stem, and so does a plural
    that is also a verb's third person ("leaves", "lives"): mapping them would split "wounded" from
    "wound" and "leaves" from "leave" to join a rarer sense."""
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    from ..config import PACKAGED_SPACY

    try:
        tables = next(get_package_path(PACKAGED_SPACY).glob("*/lemmatizer/lookups"))
    except (ImportError, OSError, StopIteration):  # no packaged model: the pipeline reports that itself
        return {}
    lookups = Lookups().from_disk(tables)
    exc = lookups.get_table("lemma_exc")
    verbs = set(lookups.get_table("lemma_index").get("verb", ()))
    out: dict[str, str] = {}
    for pos in ("verb", "noun"):  # verbs first: "left" is "leave" before it is a direction
        for form, lemmas in exc.get(pos, {}).items():
            if not lemmas or lemmas[0] == form or form in verbs:
                continue
            if pos == "noun" and form.endswith("s") and (form[:-1] in verbs or form[:-2] in verbs):
                continue
            out.setdefault(form, lemmas[0])
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    w = word.lower()
    return _stemmer().stemWord(irregular_forms().get(w, w))


# Multi-word and dotted country forms ("United States", "U.S.") become one token first, so that
# "the U.S." and "America" count as the same word ("us" alone is a stop word).
_MULTI = re.compile(
    r"(?<![\w.])(" + "|".join(sorted((re.escape(f) for forms in COUNTRY_FORMS.values() for f in forms if " " in f or "." in f), key=len, reverse=True)) + r")(?![\w])",
    re.I,
)
_UPPER_US = re.compile(r"\b(US|USA|UK|EU)\b")


@lru_cache(maxsize=50_000)
def _country_tokens(text: str) -> str:
    # cached: a check passes the same sentence through here about four times, and the pattern has some 260
    # alternatives since the country table grew (round 17)
    text = _UPPER_US.sub(lambda m: " country" + COUNTRY_OF[m.group(1).lower()] + " ", text)
    return _MULTI.sub(lambda m: " country" + COUNTRY_OF[m.group(1).lower()] + " ", text)


def _country_token(word: str) -> str | None:
    lw = word.lower()
    # "US" in capitals became its country token before the words were split, so any "us" left here,
    # "Us" at the start of a sentence included, is the pronoun
    if lw in COUNTRY_OF and lw != "us":
        return "country" + COUNTRY_OF[lw].lower()
    return None


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, no single letters; every form of a
    country ("China", "Chinese", "Beijing"), standing alone or inside a compound ("the Russia-Ukraine
    war"), is one token."""
    out = []
    for w in words(_country_tokens(text)):
        lw = w.lower()
        if lw.startswith("country") and lw[7:].upper() in COUNTRY_FORMS:
            out.append(lw)
            continue
        if lw in STOP_WORDS or (len(lw) < 2 and not lw.isdigit()):
            continue
        # a word without a hyphen is its own only part, so this one test covers countries standing alone too
        for part in lw.split("-"):
            if country := _country_token(part):
                out.append(country)
            elif part and part not in STOP_WORDS:
                out.append(stem(part))
    return out


class Idf:
    """Inverse document frequency over a set of sentences (a source), with smoothing."""

    def __init__(self, docs: Iterable[Iterable[str]]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for d in docs:
            n += 1
            df.update(set(d))
        self.n = max(n, 1)
        self.df = df
        self.default = math.log(1 + self.n)

    def __call__(self, term: str) -> float:
        d = self.df.get(term)
        if not d:
            return self.default
        return math.log(1 + self.n / d)


def coverage(claim: Sequence[str], passage: set[str], idf: Idf) -> float:
    """IDF-weighted share of the claim's content stems found in the passage."""
    if not claim:
        return 1.0
    total = sum(idf(t) for t in claim)
    hit = sum(idf(t) for t in claim if t in passage)
    return hit / total if total else 1.0
