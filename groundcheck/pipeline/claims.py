"""Derived sentences -> claims.

A sentence that joins independent clauses ("Blinken worries that ..., and this is not ...") is
split at the coordinator, so each clause gets its own verdict. A clause counts as independent
when the conjoined verb has a subject of its own; shared-subject coordination ("rose and fell")
stays one claim. Semicolons split too. Offsets stay in the derived text.
"""

from __future__ import annotations

from ..types import Claim, Sentence
from .work import Work

_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_MIN_WORDS = 4


def _split_points(doc) -> list[tuple[int, int]]:
    """(end of the left clause, start of the right clause) as char offsets within the sentence."""
    points = []
    for tok in doc:
        if tok.dep_ != "conj" or tok.pos_ not in {"VERB", "AUX"}:
            continue
        if tok.head.dep_ != "ROOT" and tok.head.dep_ != "conj":
            continue
        if not any(c.dep_ in _SUBJECTS for c in tok.children):
            continue
        left_edge = tok.left_edge
        cc = [c for c in tok.head.children if c.dep_ == "cc" and c.i < left_edge.i] + [
            c for c in tok.children if c.dep_ == "cc" and c.i < tok.i
        ]
        start_tok = max(cc, key=lambda c: c.i) if cc else left_edge
        if cc and start_tok.i > left_edge.i:
            start_tok = left_edge
        # the left clause ends before the coordinator and any comma in front of it
        end_i = start_tok.i - 1
        while end_i >= 0 and doc[end_i].is_punct:
            end_i -= 1
        if end_i < 0:
            continue
        points.append((doc[end_i].idx + len(doc[end_i].text), start_tok.idx))
    for tok in doc:
        if tok.text == ";" and 0 < tok.i < len(doc) - 1:
            points.append((tok.idx, doc[tok.i + 1].idx))
    return sorted(set(points))


def split_sentence(sentence: Sentence, doc) -> list[tuple[int, int]]:
    spans = []
    cursor = 0
    for left_end, right_start in _split_points(doc):
        if left_end <= cursor:
            continue
        left = doc.text[cursor:left_end]
        right = doc.text[right_start:]
        if len(left.split()) < _MIN_WORDS or len(right.split()) < _MIN_WORDS:
            continue
        spans.append((cursor, left_end))
        cursor = right_start
    spans.append((cursor, len(doc.text)))
    base = sentence.start
    return [(base + s, base + e) for s, e in spans]


def extract_claims(work: Work) -> Work:
    sentences = work.derived_sentences
    docs = work.analyzer.parse(sentences)
    claims: list[Claim] = []
    for sent, doc in zip(sentences, docs):
        for s, e in split_sentence(sent, doc):
            claims.append(Claim(work.derived, s, e, index=len(claims), sentence=sent.index))
    work.claims = tuple(claims)
    return work
