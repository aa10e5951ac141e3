"""Name matching shared by the entity, role and quote checks: aliases, demonyms, name parts."""

from __future__ import annotations

import re

# Demonyms and short forms -> one canonical country key. Kept to countries that news text names
# in several forms; anything else falls back to exact (case-insensitive) matching.
_COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america", "america", "american", "americans", "washington"),
    "CN": ("china", "chinese", "prc", "people's republic of china", "beijing"),
    "RU": ("russia", "russian", "russians", "russian federation", "moscow", "kremlin"),
    "UK": ("uk", "u.k.", "britain", "great britain", "united kingdom", "british", "england", "english", "london"),
    "UA": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    "TW": ("taiwan", "taiwanese", "taipei"),
    "FR": ("france", "french", "paris"),
    "DE": ("germany", "german", "germans", "berlin"),
    "JP": ("japan", "japanese", "tokyo"),
    "IN": ("india", "indian", "indians", "new delhi", "delhi"),
    "IL": ("israel", "israeli", "israelis"),
    "IR": ("iran", "iranian", "iranians", "tehran"),
    "KP": ("north korea", "north korean", "pyongyang", "dprk"),
    "KR": ("south korea", "south korean", "seoul"),
    "EU": ("eu", "e.u.", "european union", "brussels"),
    "CA": ("canada", "canadian", "canadians", "ottawa"),
    "AU": ("australia", "australian", "australians", "canberra"),
    "MX": ("mexico", "mexican", "mexicans"),
    "IT": ("italy", "italian", "italians", "rome"),
    "ES": ("spain", "spanish"),
    "PK": ("pakistan", "pakistani", "pakistanis", "islamabad"),
    "SA": ("saudi arabia", "saudi", "saudis", "riyadh"),
    "TR": ("turkey", "turkish", "ankara", "turkiye"),
    "SY": ("syria", "syrian", "syrians", "damascus"),
    "IQ": ("iraq", "iraqi", "iraqis", "baghdad"),
    "AF": ("afghanistan", "afghan", "afghans", "kabul"),
    "EG": ("egypt", "egyptian", "egyptians", "cairo"),
    "BR": ("brazil", "brazilian", "brazilians"),
    "IE": ("ireland", "irish", "dublin"),
    "SC": ("scotland", "scottish"),
    "WL": ("wales", "welsh"),
}
COUNTRY_OF: dict[str, str] = {form: key for key, forms in _COUNTRY_FORMS.items() for form in forms}

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSS = re.compile(r"(?:['\u2019]s|['\u2019])$")
_TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady president secretary minister senator sen rep gov governor "
    "general gen mayor chancellor premier king queen prince princess pope judge justice chairman chief".split()
)


def clean(name: str) -> str:
    name = " ".join(name.split())
    name = _ARTICLE.sub("", name)
    name = _POSS.sub("", name)
    return name.strip(" .,;:\"'\u201c\u201d\u2018\u2019")


def country(name: str) -> str | None:
    return COUNTRY_OF.get(clean(name).lower())


def name_parts(name: str) -> list[str]:
    """The distinctive parts of a person's name: no titles, no initials."""
    parts = [p.strip(".") for p in clean(name).split()]
    return [p for p in parts if len(p) > 1 and p.lower().rstrip(".") not in _TITLE_WORDS]


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
