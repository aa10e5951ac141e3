"""Ingest: turn bytes or strings into `Document`s, refusing what cannot be checked.

The text is kept exactly as read (no normalisation), so every offset in a report slices the
user's own file. Non-content lines that news pages carry are found here as `Boilerplate` spans.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .types import Boilerplate, Document

# Bytes that never occur in text files; a NUL is the classic sign of a binary.
_CONTROL = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


def decode(data: bytes, what: str) -> str:
    """Strict UTF-8 (a BOM is allowed and kept in the offsets' frame by replacing it with a space)."""
    if b"\x00" in data[:8192]:
        raise InputError("GC103", what=what, reason="it contains NUL bytes")
    sample = data[:8192]
    if sample:
        control = sum(1 for b in sample if b in _CONTROL)
        if control / len(sample) > 0.05:
            raise InputError("GC103", what=what, reason=f"{control} control bytes in its first {len(sample)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("GC102", what=what, byte=data[exc.start], offset=exc.start) from None
    if text.startswith("\ufeff"):
        # Keep the length (offsets) but do not let the BOM glue onto the first word.
        text = " " + text[1:]
    return text


def read_path(path: str | Path, what: str | None = None) -> str:
    """Read a file, or standard input for "-"."""
    label = what or ("standard input" if str(path) == "-" else str(path))
    if str(path) == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError("GC108", what=label, reason="no such file") from None
        except IsADirectoryError:
            raise InputError("GC108", what=label, reason="it is a directory") from None
        except OSError as exc:
            raise InputError("GC108", what=label, reason=exc.strerror or str(exc)) from None
    return decode(data, label)


# Many English function words is the cheapest sure sign that a text is English, and it settles almost
# every text. Few of them is not proof of another language: a headline-like claim ("Senator Obama's
# health care plan covers everyone.") has none. Those texts go to a real language identifier (lingua),
# loaded only then, which refuses a text only when it is sure of another language.
_FUNCTION_WORDS = frozenset(
    "the a an of to in and or is are was were be been has have had that this it its for on with as "
    "by at from not but he she they we you i his her their our will would said says can could".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_english(text: str) -> tuple[bool, str]:
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 8:
        return True, "too short to tell"
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        return False, "mostly non-Latin script"
    share = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
    if share >= 0.08:
        return True, f"{share:.0%} English function words"
    other = _identified_language(text[:20000])
    if other is None:  # no identifier installed: the function words are all there is to go on
        return False, f"{share:.0%} English function words"
    if other == "English":
        return True, f"{share:.0%} English function words, English by its letters"
    if not other:
        return True, f"{share:.0%} English function words, no other language recognised"
    return False, other


@lru_cache(maxsize=1)
def _detector():
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    # the low-accuracy mode loads a small part of the language models (about 0.4 s on first use here):
    # enough to tell prose apart, and only texts the function words could not settle pay for it
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


SURE_OF_LANGUAGE = 0.9  # foreign prose scores about 1.0; garbled English (lists, names) at most about 0.85


def _identified_language(text: str) -> str | None:
    """The language lingua is sure of ("" when it is sure of none), or None when lingua is not installed."""
    detector = _detector()
    if detector is None:
        return None
    ranked = detector.compute_language_confidence_values(text)
    if not ranked or ranked[0].value < SURE_OF_LANGUAGE:
        return ""
    return ranked[0].language.name.title()


def make_document(
    text: str,
    doc_id: str,
    role: str,
    *,
    limit: int,
    limit_option: str,
    allow_any_language: bool = False,
) -> Document:
    if not isinstance(text, str):
        raise InputError("GC108", what=doc_id, reason=f"expected text, got {type(text).__name__}")
    if not text.strip():
        raise InputError("GC101", what=doc_id)
    if len(text) > limit:
        raise InputError("GC105", what=doc_id, size=len(text), limit=limit, option=limit_option)
    if not allow_any_language:
        ok, why = looks_english(text)
        if not ok:
            raise InputError("GC107", what=doc_id, language=why)
    return Document(id=doc_id, text=text, role=role)  # type: ignore[arg-type]


# --- boilerplate -------------------------------------------------------------------------------

_CREDIT_WORDS = r"(?:image|images|photo|photos|photograph|picture|pic|credit|video|file photo|illustration)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "(Image: AP)", "(Photo: Getty Images)", "[Photo credit: Reuters]"
    ("credit", re.compile(r"[(\[]\s*" + _CREDIT_WORDS + r"(?: credit)?\s*[:/-][^)\]\n]{0,80}[)\]]", re.I)),
    # a whole line that is a credit, a byline, a timestamp or page furniture
    (
        "credit",
        re.compile(r"^[ \t]*" + _CREDIT_WORDS + r"(?: credit)?\s*:[^\n]{0,120}$", re.I | re.M),
    ),
    ("byline", re.compile(r"^[ \t]*By\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}(?:\s*(?:,|and)\s*[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})*[ \t]*$", re.M)),
    (
        "timestamp",
        re.compile(r"^[ \t]*(?:Updated|Published|Last updated|Posted)\s*:?[ \t]+[^\n]{0,60}?\d[^\n]{0,40}$", re.I | re.M),
    ),
    (
        "furniture",
        re.compile(
            r"^[ \t]*(?:Advertisement|ADVERTISEMENT|Read more\b[^\n]{0,100}|Share this (?:article|story)[^\n]{0,40}|"
            r"Follow us on[^\n]{0,80}|Subscribe[^\n]{0,80}|Sign up for[^\n]{0,100})[ \t]*$",
            re.M,
        ),
    ),
    # "WASHINGTON (Reuters) - " at the start of a paragraph: set aside, the sentence goes on.
    (
        "dateline",
        re.compile(
            r"^[ \t]*(?:Updated:\s*)?[A-Z][A-Z.'\- ]{2,40}(?:,\s*[A-Z][A-Za-z.]+\.?)?\s*(?:\([A-Za-z. ]{2,30}\))?\s*[-\u2013\u2014]+\s+",
            re.M,
        ),
    ),
)


def find_boilerplate(doc: Document) -> tuple[Boilerplate, ...]:
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(doc.text):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), kind))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, k in spans:
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (ps, max(pe, e), pk)
        else:
            merged.append((s, e, k))
    return tuple(Boilerplate(doc, s, e, kind=k) for s, e, k in merged)
