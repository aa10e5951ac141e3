"""Document -> sentences, with offsets into the text as read.

Lines are split first (headlines and bullet items have no full stop), boilerplate spans are cut
out, and each remaining piece goes through blingfire's sentence splitter, which handles
abbreviations such as "U.S." and "Fri. Jan. 5". A quotation left open at a sentence end is
joined with what follows, so a multi-sentence quote stays one unit with its speaker.
"""

from __future__ import annotations

import re

from ..types import Boilerplate, Document, Sentence

_BULLET = re.compile(r"[ \t]*(?:[-*\u2022\u25aa\u25cf\u2023\u2013]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")
_HAS_WORD = re.compile(r"[^\W\d_]{2,}|\d", re.UNICODE)
_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")
_MAX_QUOTE_JOIN = 6
# titles blingfire takes for a sentence end when a sentence starts with them ("... budget. Sen. Edwards said")
_TITLES = r"(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cpl|Adm|Prof|Rev|Hon|Det|Insp|Supt|Dr|Mr|Mrs|Ms|Cllr)"
_TITLE_ABBREV = re.compile(rf"(?:^|\s){_TITLES}\.$")
# ... and, the other way, one it fails to split before: "criticized it. Gov. Hale left."
_BEFORE_TITLE = re.compile(rf"(?<=[a-z]{{2}}[.!?])(?P<q>[\"\u201d\u2019']?)\s+(?={_TITLES}\.\s+[A-Z])")


def _split(text: str) -> list[tuple[int, int]]:
    import blingfire

    if not text.strip():
        return []
    _, offsets = blingfire.text_to_sentences_and_offsets(text)
    out: list[tuple[int, int]] = []
    for s, e in offsets:
        s, e = int(s), int(e)
        for m in _BEFORE_TITLE.finditer(text, s, e):
            out.append((s, m.end("q")))  # a closing quote stays with its sentence
            s = m.end()
        out.append((s, e))
    return out


def _open_quote(fragment: str) -> bool:
    curly = fragment.count("\u201c") - fragment.count("\u201d")
    if curly > 0:
        return True
    if curly < 0:
        return False
    return fragment.count('"') % 2 == 1


def _pieces(doc: Document, boilerplate: tuple[Boilerplate, ...]) -> list[tuple[int, int]]:
    """Line pieces of the text with boilerplate cut out."""
    text = doc.text
    cuts = sorted((b.start, b.end) for b in boilerplate)
    pieces: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        cursor = start
        for cs, ce in cuts:
            if ce <= cursor or cs >= end:
                continue
            if cs > cursor:
                pieces.append((cursor, cs))
            cursor = max(cursor, ce)
        if cursor < end:
            pieces.append((cursor, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segment(doc: Document, boilerplate: tuple[Boilerplate, ...] = ()) -> tuple[Sentence, ...]:
    text = doc.text
    raw: list[tuple[int, int, str]] = []
    for ps, pe in _pieces(doc, boilerplate):
        ps, pe = _trim(text, ps, pe)
        if ps >= pe:
            continue
        kind = "content"
        bullet = _BULLET.match(text, ps, pe)
        if bullet and bullet.end() < pe:
            ps = bullet.end()
            kind = "bullet"
        piece = text[ps:pe]
        spans = _split(piece)
        if kind == "content" and len(spans) == 1 and not _TERMINAL.search(piece) and len(piece.split()) <= 25:
            kind = "heading"
        for s, e in spans:
            s, e = _trim(text, ps + s, ps + e)
            if s < e:
                raw.append((s, e, kind))

    # Join sentences that end inside an open quotation, or on a title abbreviation (within one paragraph piece).
    joined: list[tuple[int, int, str]] = []
    i = 0
    while i < len(raw):
        s, e, kind = raw[i]
        j = i
        while (_open_quote(text[s:e]) or _TITLE_ABBREV.search(text[s:e])) and j + 1 < len(raw) and j - i < _MAX_QUOTE_JOIN:
            ns, ne, _ = raw[j + 1]
            if "\n" in text[e:ns]:
                break
            e = ne
            j += 1
        joined.append((s, e, kind))
        i = j + 1

    out: list[Sentence] = []
    for s, e, kind in joined:
        if not _HAS_WORD.search(text, s, e):
            continue
        out.append(Sentence(doc, s, e, index=len(out), kind=kind))  # type: ignore[arg-type]
    return tuple(out)
