"""Capitals put back into a text written in lower case, before anything reads it.

Summarisers, transcripts and some data pipelines emit lower-cased text ("gateshead remain unbeaten after
a draw with guiseley"). The parser finds names by their capitals, so in such a text it finds none: a
name the source never mentions goes unflagged, a swapped name goes unseen, and the parse of the rest
suffers. In eight of the nine summary sets of the dev data, most derived texts are lower-cased.

Each word of a lower-cased text gets the form it usually has in the sources away from a sentence start
("Gateshead", "NATO"), else the form the packaged lexicon gives it (`resources/casing-en.txt`, built by
`scripts/build_casing_lexicon.py` from news articles), else stays as it is; each sentence start gets a
capital. Only letters change case, one character for one, so every offset into the text as read is
still valid for the restored text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .work import Work

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# what may stand between a sentence end and the next sentence's first word
_OPENERS = " \t\"'\u201c\u2018([`"
_ENDS = ".!?\n\r"
MIN_WORDS = 3  # a lower-cased text is told from one with no names only past a few words


def _initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _ENDS


def inner_words(text: str) -> Iterator[str]:
    """The words of `text` that do not start a sentence, as written."""
    for m in _WORD.finditer(text):
        if not _initial(text, m.start()):
            yield m.group()


def lower_cased(text: str) -> bool:
    """True when no word past a sentence start has a capital, and there are enough such words to tell:
    a text whose sentences start with capitals but whose names do not ("talks in paris") counts."""
    n = 0
    for w in inner_words(text):
        if not w.islower():
            return False
        n += 1
    return n >= MIN_WORDS


def form_counts(texts: Iterable[str]) -> dict[str, Counter[str]]:
    """lower-cased word -> how often each of its forms occurs away from sentence starts."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for w in inner_words(text):
            seen[w.lower()][w] += 1
    return seen


def most_common_forms(counts: dict[str, Counter[str]]) -> dict[str, str]:
    """lower-cased word -> its most frequent form in `counts` (see `casing_table`)."""
    # ties go to the lower-case form, then to the alphabetically first: the table does not depend on order
    return {low: min(forms.items(), key=lambda kv: (-kv[1], kv[0] != low, kv[0]))[0] for low, forms in counts.items()}


def casing_table(texts: Iterable[str]) -> dict[str, str]:
    """lower-cased word -> its most frequent form away from sentence starts ("gateshead" -> "Gateshead",
    "may" -> "may"). A word the texts write in lower case maps to itself, so that their usage, not the
    lexicon's, decides it."""
    return most_common_forms(form_counts(texts))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """The packaged English casing lexicon: one form per line, e.g. "NATO", "iPhone", "Gateshead"."""
    text = resources.files("groundcheck.resources").joinpath("casing-en.txt").read_text("utf-8")
    return {w.lower(): w for w in text.split()}


def restore_case(text: str, tables: Iterable[dict[str, str]]) -> str:
    """`text` with each word in the form the first table that knows it gives, "i" as "I", and a capital
    at each sentence start. The result has the same length and the same letters up to case."""
    tables = list(tables)
    out = list(text)
    for m in _WORD.finditer(text):
        w = m.group()
        low = w.lower()
        form = next((t[low] for t in tables if low in t), "I" if low == "i" else w)
        if len(form) != len(w) or form.lower() != low:
            form = w  # a form that would shift offsets ("ß" -> "SS") is not used
        if _initial(text, m.start()) and form[:1].islower() and len(form[0].upper()) == 1:
            form = form[0].upper() + form[1:]
        out[m.start() : m.end()] = form
    return "".join(out)


def restore_texts(sources: Sequence[str], derived: str) -> tuple[list[str], str]:
    """The texts as the pipeline analyses them: a lower-cased source with the lexicon's capitals, a
    lower-cased derived text with the sources' capitals first. Texts with capitals come back as they are."""
    lex = lexicon()
    src = [restore_case(t, [lex]) if lower_cased(t) else t for t in sources]
    if lower_cased(derived):
        derived = restore_case(derived, [casing_table(src), lex])
    return src, derived


def restore_casing(work: "Work") -> "Work":
    """The first stage: a lower-cased text is analysed with its capitals restored (`restore_texts`); the
    report still quotes the text as read (`build_report` maps every span back, offsets being the same)."""
    from ..types import Document

    if not work.settings.restore_case:
        return work
    src, der = restore_texts([d.text for d in work.sources], work.derived.text)
    new = []
    for d, text in zip((*work.sources, work.derived), (*src, der)):
        if text != d.text:
            restored = Document(d.id, text, d.role)
            work.as_read[restored] = d
            d = restored
        new.append(d)
    work.sources, work.derived = tuple(new[:-1]), new[-1]
    if work.as_read:
        which = ", ".join(sorted({d.id for d in work.as_read.values()}))
        work.warnings.append(
            f"{which}: written in lower case; capitals were restored for analysis (names are found by them), "
            "so reasons may quote restored words; offsets and quoted text are as read"
        )
    return work
