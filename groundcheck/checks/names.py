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
    return COUNTRY_OF.get(clean(name).lower())


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
