"""Name matching shared by the entity, role and quote checks: aliases, demonyms, name parts."""

from __future__ import annotations

import re

from ..pipeline.aliases import COUNTRY_OF

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSS = re.compile(r"(?:['\u2019]s|['\u2019])$")
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president secretary minister senator sen rep gov governor "
    "general gen mayor chancellor premier king queen prince princess pope judge justice chairman chief".split()
)


def clean(name: str) -> str:
    name = " ".join(name.split())
    name = _ARTICLE.sub("", name)
    name = _POSS.sub("", name)
    # a backslash is left by text whose quotes were escaped ("it\\'s", copied out of JSON or CSV)
    return name.strip(" .,;:\"'\\\u201c\u201d\u2018\u2019")


def country(name: str) -> str | None:
    key = clean(name).lower()
    # `clean` strips a final dot, so "U.K." arrives as "u.k"; the dotless form finds it
    return COUNTRY_OF.get(key) or COUNTRY_OF.get(key.replace(".", ""))


def name_parts(name: str) -> list[str]:
    """The distinctive parts of a person's name: no titles, no initials."""
    parts = [p.strip(".") for p in clean(name).split()]
    return [p for p in parts if len(p) > 1 and p.lower().rstrip(".") not in TITLE_WORDS]


def same_person(a: str, b: str) -> bool:
    """"Blinken" = "Antony Blinken" = "Secretary Blinken"; "Wang Yi" != "Wang Xiaohong"."""
    pa = {p.lower() for p in name_parts(a)}
    pb = {p.lower() for p in name_parts(b)}
    if not pa or not pb:
        return False
    return pa <= pb or pb <= pa


def acronym(name: str) -> str:
    words = [w for w in clean(name).split() if w[:1].isupper() and w.lower() not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


_WORDS = re.compile(r"[^\W_]+")


def name_words(name: str) -> list[str]:
    """A name's words in lower case, whatever the spacing and punctuation between them: tokenised text
    writes "Doncaster 's", "Bel - Air", "IAAF / BTC" for the "Doncaster's", "Bel-Air", "IAAF/BTC" of the
    source, and "J.K." and "J. K." are the same initials."""
    words = _WORDS.findall(clean(name).lower())
    return [w for w in words if w != "s"] if len(words) > 1 else words


def same_name_forms(a: str, b: str) -> bool:
    """One name is a short or long form of the other: the words of one all stand in the other ("Tokyo" /
    "FC Tokyo", "European Championship" / "UEFA European Under-17 Championship"), or each of two or more
    words of one begins the word of the other in the same place ("West Brom" / "West Bromwich Albion")."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if set(wa) <= set(wb) or set(wb) <= set(wa):
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    # one clipped word alone ("New" / "Newcastle United") says too little
    return len(short) >= 2 and all(l.startswith(s) for s, l in zip(short, long_))


def loose_pattern(name: str, *, short: bool = False) -> str:
    """A regex for the name's words with any punctuation or spacing between them (see `name_words`). With
    `short`, each word may be the start of a longer one: "West Brom" finds "West Bromwich"."""
    tail = r"\w*" if short else ""
    return r"(?<!\w)" + r"\W*".join(re.escape(w) + tail for w in _WORDS.findall(clean(name))) + r"(?!\w)"
