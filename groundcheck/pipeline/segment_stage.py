"""The first stage: boilerplate and sentences for every text of the check."""

from __future__ import annotations

from ..errors import InputError
from ..ingest import find_boilerplate
from .segment import segment
from .work import Work


def segment_texts(work: Work) -> Work:
    src = []
    for d in work.sources:
        bp = find_boilerplate(d)
        work.boilerplate[d.id] = bp
        src.extend(segment(d, bp))
    if not src:
        raise InputError("GC106", what="the source" if len(work.sources) == 1 else "every source")
    work.source_sentences = tuple(src)
    bp = find_boilerplate(work.derived)
    work.boilerplate[work.derived.id] = bp
    derived = segment(work.derived, bp)
    if not derived:
        raise InputError("GC106", what="the derived text")
    work.derived_sentences = derived
    return work
