"""Reading numbers and dates out of text: values, units, qualifiers, ranges; weekdays and dates.

Shared by the number and date checks. Values are normalised ("five hours" = "5 hours",
"$1.13bn" = 1.13e9 dollars, "76%" = 76 percent) so that paraphrases compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..pipeline.lexical import STOP_WORDS, stem

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "half": 0.5, "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1e6, "a billion": 1e9,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5,
}
CURRENCIES = {"$": "USD", "us$": "USD", "\u00a3": "GBP", "\u20ac": "EUR", "\u00a5": "JPY", "\u20b9": "INR",
              "dollar": "USD", "dollars": "USD", "pound": "GBP", "pounds": "GBP", "euro": "EUR", "euros": "EUR",
              "yen": "JPY", "yuan": "CNY", "rupees": "INR", "rupee": "INR", "usd": "USD", "gbp": "GBP", "eur": "EUR"}
APPROX = {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "close to", "estimated", "an estimated", "circa", "up to about"}
LOWER = {"more than", "over", "at least", "above", "upwards of", "exceeding", "in excess of", "greater than", "no fewer than", "no less than"}
UPPER = {"less than", "under", "below", "fewer than", "up to", "at most", "no more than", "not more than"}

_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_QUAL = "|".join(sorted((re.escape(w) for w in APPROX | LOWER | UPPER), key=len, reverse=True))
_CUR = r"(?:US\$|\$|\u00a3|\u20ac|\u00a5|\u20b9)"
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|mln|tn|crore|lakh|[kmb])\b"
_PCT = r"(?:%|\s?per\s?cent\b|\s?percent\b)"
QUANTITY = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?P<between>between\s+)?(?P<cur>{_CUR}\s?)?(?P<num>{_NUM}|(?:(?<![\w-])|(?<=-of-))(?:{_WORDNUM})(?![\w]))"
    rf"(?:\s?(?P<scale>{_SCALE}))?"
    rf"(?P<pct>{_PCT})?"
    rf"(?:(?:\s?[-\u2013]\s?|\s+to\s+|(?(between)\s+and\s+|(?!)))(?(cur){_CUR}?\s?|)(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE}))?(?:{_PCT})?)?"
    rf"(?:[\s-]+(?!(?:and|to|of|the|a|an|in|on|at|per|for|from|by|with|or)\b)(?P<unit>[A-Za-z]+))?",
    re.I,
)
YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d|2100)$")
# units of time (as stemmed) in days: "a one-month anniversary" is compared with "the one-year anniversary"
DAYS = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0, "hour": 1 / 24, "minut": 1 / 1440}


@dataclass(frozen=True)
class Quantity:
    value: float
    high: float | None  # the top of a range
    unit: str | None
    qualifier: str | None
    start: int
    end: int
    text: str
    age: bool = False  # "a 23-year-old": an age, not a span of time

    def compatible(self, other: "Quantity") -> bool:
        a_lo, a_hi = self.value, self.high if self.high is not None else self.value
        b_lo, b_hi = other.value, other.high if other.high is not None else other.value
        kinds = {_kind(self.qualifier), _kind(other.qualifier)}
        if kinds == {"lower", "upper"}:
            # "above $25 billion" against "below $25 billion": two bounds agree only where their ranges meet
            lo, hi = (a_lo, b_lo) if _kind(self.qualifier) == "lower" else (b_lo, a_lo)
            return lo < hi
        if a_lo == b_lo and a_hi == b_hi:
            return True
        # a point inside the other's range
        # (against a plain number only: "1-1" and "1-5" are two scores, not a point inside a range)
        if self.high is not None and other.high is None and a_lo <= b_lo <= a_hi:
            return True
        if other.high is not None and self.high is None and b_lo <= a_lo <= b_hi:
            return True
        if len(kinds) == 1 and kinds != {None} and kinds != {"approx"}:
            # both "more than X" (or both "under X"): the bounds themselves must agree
            return abs(a_lo - b_lo) <= 0.02 * max(abs(a_lo), abs(b_lo))
        for q, mine, theirs in ((self.qualifier, a_lo, b_lo), (other.qualifier, b_lo, a_lo)):
            if q in APPROX and abs(mine - theirs) <= 0.1 * max(abs(mine), abs(theirs)):
                return True
            if q in LOWER and theirs >= mine and theirs <= mine * 1.5 + 1:
                return True
            # a value far below the bound is another figure ("$0.14" is not what "below $25 billion" bounds),
            # as one far above a lower bound is
            if q in UPPER and mine / 10 <= theirs <= mine:
                return True
        return False

    def days(self) -> tuple[float, float] | None:
        """The quantity as a span of time in days, when its unit is one ("one-year" = 365.25); else None."""
        per = DAYS.get(self.unit or "")
        if per is None or self.age:
            return None
        return self.value * per, (self.high if self.high is not None else self.value) * per

    def same_span(self, other: "Quantity") -> bool | None:
        """Whether two spans of time in different units are the same span ("12 months", "a year"), within
        the slack of calendar arithmetic; None when they are not both spans of time."""
        a, b = self.days(), other.days()
        if a is None or b is None:
            return None
        if self.qualifier or other.qualifier:
            return True  # bounds and round figures across units: not compared
        return all(abs(x - y) <= 0.02 * max(x, y) for x, y in zip(a, b))


def _kind(qualifier: str | None) -> str | None:
    if qualifier in LOWER:
        return "lower"
    if qualifier in UPPER:
        return "upper"
    if qualifier in APPROX:
        return "approx"
    return None


def _value(num: str) -> float | None:
    n = num.lower().replace(",", "")
    if n in WORD_NUMBERS:
        return float(WORD_NUMBERS[n])
    try:
        return float(n)
    except ValueError:
        return None


def quantities(text: str) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text):
        num = m.group("num")
        v = _value(num)
        if v is None:
            continue
        scale = (m.group("scale") or "").lower()
        cur = m.group("cur")
        pct = m.group("pct")
        unit_word = (m.group("unit") or "").lower()
        if YEAR.match(num) and not (cur or pct or scale):
            continue  # a year: the date check's business
        if scale in {"m", "b", "k"} and not cur:
            scale = ""  # "5 m" is metres, not millions, unless money
        v *= SCALES.get(scale, 1.0)
        high = None
        if m.group("num2"):
            h = _value(m.group("num2"))
            if h is not None:
                high = h * SCALES.get((m.group("scale2") or scale).lower(), 1.0)
        unit: str | None
        takes_word = False  # whether the word after the number is read as its unit
        if pct:
            unit = "%"
        elif cur:
            unit = CURRENCIES.get(cur.strip().lower(), cur.strip())
        elif unit_word in CURRENCIES:
            unit, takes_word = CURRENCIES[unit_word], True
        elif unit_word and unit_word not in SCALES and (unit_word not in STOP_WORDS or unit_word == "am"):
            # the word after a number is its unit only when it carries content: in "the record to 8-0 but"
            # or "the Boeing 747 is", "but" and "is" would make the number unlike the same number elsewhere
            unit, takes_word = stem(unit_word), True
        else:
            unit = None
        if unit is None and not scale and num.lower() in {"one", "half", "a dozen", "dozen"}:
            continue  # "one of the", "half the": not quantities worth comparing
        qual = (m.group("qual") or "").lower() or None
        # a word that is not the unit is not part of the quantity ("8-0", not "8-0 but")
        end = m.end() if takes_word or not unit_word else m.start() + len(text[m.start() : m.start("unit")].rstrip(" -"))
        age = unit in DAYS and re.match(r"[\s-]old\b", text[end:]) is not None
        out.append(Quantity(v, high, unit, qual, m.start(), end, text[m.start() : end], age))
    return out


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_MON_ABBR = {m[:3]: i for i, m in enumerate(MONTHS)} | {"sept": 8}
_WD = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MD = re.compile(
    r"\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"|\b(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.I,
)
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\b(?!\s*\d{1,2}\b)", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?!(?<=0)\s?['\u2019]s\b)")
# "the 1970s" is ten years, not the year 1970: a decade is compared with decades only
_DECADE = re.compile(r"\b(1[89]\d|20\d)0(?:\s?['\u2019]s|s)\b")
RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}
_REL = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    kind: str  # weekday | monthday | month | year | decade
    value: str
    start: int
    end: int
    text: str


def dates(text: str, *, weekday_today: int | None = None) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _WD.finditer(text):
        out.append(DateMention("weekday", m.group(1).lower(), m.start(), m.end(), m.group(0)))
    if weekday_today is not None:
        for m in _REL.finditer(text):
            wd = WEEKDAYS[(weekday_today + RELATIVE[m.group(1).lower()]) % 7]
            out.append(DateMention("weekday", wd, m.start(), m.end(), m.group(0)))
    md_spans = []
    for m in _MD.finditer(text):
        mon = (m.group("mon") or m.group("mon2") or "").lower()
        day = m.group("day") or m.group("day2")
        if mon == "may" and m.group("mon") and not re.match(r"May\b", m.group(0)):
            continue  # the verb "may 5"... is rare, but lowercase "may" is the verb
        out.append(DateMention("monthday", f"{_MON_ABBR[mon[:4] if mon.startswith('sept') else mon[:3]]}-{int(day)}", m.start(), m.end(), m.group(0)))
        md_spans.append((m.start(), m.end()))
    for m in _MONTH.finditer(text):
        if any(s <= m.start() < e for s, e in md_spans):
            continue
        word = m.group(1)
        if word.lower() == "may" and not word[0].isupper():
            continue
        if word.lower() == "march" and not word[0].isupper():
            continue
        key = word.lower().rstrip(".")
        idx = _MON_ABBR.get(key[:4] if key.startswith("sept") else key[:3])
        if idx is not None:
            out.append(DateMention("month", str(idx), m.start(), m.end(), m.group(0)))
    for m in _YEAR.finditer(text):
        out.append(DateMention("year", m.group(1), m.start(), m.end(), m.group(0)))
    for m in _DECADE.finditer(text):
        out.append(DateMention("decade", m.group(1), m.start(), m.end(), m.group(0)))
    return out
