"""P(the whole derived text is consistent with its sources), learned from the claims' signals.

A summary is consistent only when every claim is; but "the weakest claim's P(supported)" wastes what
the other claims say (a summary whose claims are all borderline is riskier than one with a single
borderline claim) and what the exact checks found. The document scorer is a logistic model over
aggregates of the claim features: the minimum and the mean of each support signal, the maximum of
each risk signal, the lowest ceiling the exact checks put on a claim, and three things read from the
texts themselves: the share of the derived text's words and of its word N-grams that the sources
hold, and the share of its dependency arcs that no source sentence has. Its weights are fitted by
`scripts/fit_combiner_dev.py --level document` on labelled summary sets and stored as JSON in
`groundcheck/resources/document-*.json`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from .analyze import Analyzer


def word_overlap(derived: str, sources: Sequence[str]) -> float:
    """Share of the derived text's content-word stems (with repeats) that occur in the sources."""
    from .lexical import content_stems

    words = content_stems(derived)
    if not words:
        return 1.0
    src: set[str] = set()
    for s in sources:
        src.update(content_stems(s))
    return sum(1 for t in words if t in src) / len(words)


NOVEL_ORDERS = (2, 3, 4)


def novel_ngrams(derived: str, sources: Sequence[str], orders: Sequence[int] = NOVEL_ORDERS) -> dict[str, float]:
    """`novel_N`: the share of the derived text's word N-grams (lower-cased, with repeats) that occur in no
    source. Word overlap misses a text that reuses the source's words in new combinations ("the minister
    denied the report" from "the report denied the minister"); added to the document scorer, these raised
    its leave-one-fitting-set-out balanced accuracy from 0.647 to 0.684 (docs/verifier.md, round 6).

    Only source N-grams that start with a word of the derived text are built, so a huge source costs one
    pass over its tokens, not a set of all its N-grams."""
    from .lexical import words

    d = [w.lower() for w in words(derived)]
    vocab = set(d)
    grams = {n: [tuple(d[i : i + n]) for i in range(len(d) - n + 1)] for n in orders}
    wanted = {n: set(g) for n, g in grams.items()}
    seen: dict[int, set[tuple[str, ...]]] = {n: set() for n in orders}
    for text in sources:
        toks = [w.lower() for w in words(text)]
        for i, w in enumerate(toks):
            if w not in vocab:
                continue
            for n in orders:
                g = tuple(toks[i : i + n])
                if len(g) == n and g in wanted[n]:
                    seen[n].add(g)
    # a text too short to have an N-gram has none that is novel
    return {f"novel_{n}": sum(1 for g in grams[n] if g not in seen[n]) / len(grams[n]) if grams[n] else 0.0 for n in orders}


def text_features(derived: str, sources: Sequence[str]) -> dict[str, float]:
    """The document features read from the texts themselves rather than from the claims."""
    return {"overlap": word_overlap(derived, sources), **novel_ngrams(derived, sources)}


# Words that only carry a relation between two others: an arc through them joins their neighbours, so
# "the war for Ukraine" and "the Ukraine war" give the same arc (war, Ukraine).
_LINKING_POS = frozenset({"ADP", "AUX", "DET", "PART", "CCONJ", "SCONJ", "PUNCT", "SPACE"})


def _stem_of(token: "Token") -> str | None:
    from .lexical import content_stems

    if token.pos_ in _LINKING_POS:
        return None
    stems = content_stems(token.text)
    return stems[0] if stems else None


def content_arcs(doc: "Doc") -> list[frozenset[str]]:
    """The parse's dependency arcs between content words, as unordered pairs of stems. An arc through a
    linking word (preposition, auxiliary, determiner) or a stop word joins the content words on either side."""
    out = []
    for tok in doc:
        child = _stem_of(tok)
        if child is None:
            continue
        head = tok.head
        while head.i != head.head.i and _stem_of(head) is None:
            head = head.head
        parent = _stem_of(head) if head.i != tok.i else None
        if parent is not None and parent != child:
            out.append(frozenset((parent, child)))
    return out


def relation_features(
    derived: Sequence["Doc"], source_stems: Sequence[Iterable[str]], parse_sources: "Callable[[Sequence[int]], Sequence[Doc]]"
) -> dict[str, float]:
    """`novel_arcs`: the share of the derived text's dependency arcs between content words that no source
    sentence has.

    Word and N-gram overlap miss a text that joins two source words the source never joins ("the minister
    sold the cattle" from "The minister met the farmer. The farmer sold cattle."). An arc of the derived
    text that no source sentence has is a relation the sources do not state (the idea behind
    dependency-arc entailment, Goyal and Durrett 2020, without its trained model). Added to the document
    scorer it raised leave-one-fitting-set-out balanced accuracy from 0.680 to 0.691 and ROC AUC on all
    four headline sets (docs/verifier.md, round 9).

    `source_stems` holds each source sentence's content stems; `parse_sources(indices)` parses source
    sentences by position. Only the sentences that hold both words of some arc are parsed: an arc can
    only be found there."""
    arcs = [a for d in derived for a in content_arcs(d)]
    if not arcs:
        return {"novel_arcs": 0.0}
    wanted = set(arcs)
    needed = [i for i, stems in enumerate(map(frozenset, source_stems)) if any(a <= stems for a in wanted)]
    found: set[frozenset[str]] = set()
    for doc in parse_sources(needed):
        found.update(a for a in content_arcs(doc) if a in wanted)
    return {"novel_arcs": sum(1 for a in arcs if a not in found) / len(arcs)}


# entity types that name something; dates, times and amounts have checks of their own
_NAME_TYPES = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})


def name_features(derived: Sequence["Doc"], source_stems: Sequence[Iterable[str]]) -> dict[str, float]:
    """`novel_names`: 1.0 when some name in the derived text (a person, organisation, place, group, work,
    event...) has a content word that no source has, else 0.0.

    The entity check flags a name only when no part of it is in the source, since "Blinken" stands for
    "Antony Blinken"; so "Ryan Washington" for the source's "Conor Washington", or "the Northern Isles"
    where the source has "Northern" and "Isles" elsewhere, pass it. The document score is the place for
    this weaker, wider signal (docs/verifier.md, round 10)."""
    from .lexical import content_stems

    # only the names' own words are looked up: a long source is scanned until all of them are found,
    # not gathered into one set on every check
    missing = {t for doc in derived for e in doc.ents if e.label_ in _NAME_TYPES for t in content_stems(e.text)}
    for stems in source_stems:
        if not missing:
            break
        missing.difference_update(stems)
    return {"novel_names": float(bool(missing))}


def texts_parse_features(derived: str, sources: Sequence[str], analyzer: "Analyzer") -> dict[str, float]:
    """`relation_features` and `name_features` for plain texts, with capitals restored, segmented and parsed
    as a check does (used by the fitting script)."""
    from ..ingest import find_boilerplate
    from ..types import Document
    from .casing import restore_texts
    from .lexical import content_stems
    from .segment import segment

    sources, derived = restore_texts(sources, derived)
    src = []
    for k, text in enumerate(sources):
        d = Document(f"source[{k}]", text)
        src.extend(segment(d, find_boilerplate(d)))
    dd = Document("derived", derived, "derived")
    sents = segment(dd, find_boilerplate(dd))
    stems = [content_stems(s.text) for s in src]
    docs = analyzer.parse(sents)
    return {**relation_features(docs, stems, lambda idx: analyzer.parse_syntax([src[i] for i in idx])),
            **name_features(docs, stems)}


SUPPORT = ("cos", "coverage", "coverage_all", "coverage_doc", "nli_entail", "ctx_entail")
RISK = ("novel_entities", "novel_numbers", "nli_contradict", "ctx_contradict")


def document_features(
    claims: Sequence[dict[str, float]], caps: Sequence[float], text: dict[str, float] | None = None
) -> dict[str, float]:
    """Named aggregates of per-claim features (`pipeline.verify.features`) and check ceilings, plus the
    features of the texts themselves (`text_features`)."""
    out: dict[str, float] = {}
    if not claims:
        return out
    out.update(text or {})
    n = len(claims)
    for k in SUPPORT:
        vals = [float(c.get(k, 0.0)) for c in claims]
        out[f"min_{k}"] = min(vals)
        out[f"mean_{k}"] = sum(vals) / n
    for k in RISK:
        out[f"max_{k}"] = max(float(c.get(k, 0.0)) for c in claims)
    out["min_cap"] = min(caps) if caps else 1.0
    return out


@dataclass(frozen=True)
class DocumentScorer:
    name: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def p_consistent(
        self, claims: Sequence[dict[str, float]], caps: Sequence[float], text: dict[str, float] | None = None
    ) -> float | None:
        if not claims:
            return None
        z = self.logit(document_features(claims, caps, text))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def logit(self, features: dict[str, float]) -> float:
        """The score before the logistic, from `document_features`' output."""
        return self.bias + sum(w * features.get(k, 0.0) for k, w in self.weights.items())

    @classmethod
    def from_json(cls, data: dict) -> "DocumentScorer":
        return cls(str(data.get("name", "document")), {k: float(v) for k, v in data["weights"].items()},
                   float(data["bias"]), float(data.get("threshold", 0.5)))

    @classmethod
    def packaged(cls, mode: str) -> "DocumentScorer | None":
        """The fitted scorer for `mode` ("heuristic" or "nli"), or None where none was fitted."""
        res = resources.files("groundcheck.resources").joinpath(f"document-{mode}.json")
        if not res.is_file():
            return None
        return cls.from_json(json.loads(res.read_text("utf-8")))


@dataclass(frozen=True)
class StackedDocumentScorer:
    """The document score with the language model's say added: a logistic model over the logit of the
    base scorer's P(consistent) and the LM's document features (`models/lm.document_lm_features`).
    Fitted by `scripts/fit_lm_document.py` on the same fitting sets as the base scorer."""

    name: str
    base_weight: float
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def p_consistent(self, base: float, lm_features: dict[str, float]) -> float:
        b = min(max(base, 1e-6), 1.0 - 1e-6)
        z = self.bias + self.base_weight * math.log(b / (1.0 - b)) + sum(w * lm_features[k] for k, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    @classmethod
    def packaged(cls) -> "StackedDocumentScorer":
        data = json.loads(resources.files("groundcheck.resources").joinpath("document-lm.json").read_text("utf-8"))
        return cls(str(data["name"]), float(data["base_weight"]), {k: float(v) for k, v in data["weights"].items()},
                   float(data["bias"]), float(data.get("threshold", 0.5)))
