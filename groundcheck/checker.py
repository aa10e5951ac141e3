"""The one core every shell calls: `Checker(settings).check(source, derived) -> Report`."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from .config import Settings
from .errors import ConfigError, GroundcheckError, ModelError, StageError
from .ingest import make_document
from .pipeline.registry import DEFAULT_ORDER, Stage, stages
from .pipeline.work import Models, Work
from .types import Report

VERIFIER_DIR = Path(__file__).resolve().parent.parent / "models" / "verifier"


def load_models(settings: Settings) -> Models:
    """Load spaCy, the embedder, the NLI scorer (if any) and the fitted combiner, once."""
    from .models.hf import TransformersEmbedder
    from .pipeline.analyze import load_spacy
    from .pipeline.combine import Combiner
    from .pipeline.document import DocumentScorer

    scorer = _load_scorer(settings)
    if settings.lm and scorer is not None:
        # the stacked weights were fitted on top of the default verifier's document score; said before
        # the slow loads
        raise ConfigError("GC202", name="lm", value=settings.lm, reason="a language model can only be added to the default verifier (--model heuristic)")
    nlp = load_spacy(settings.spacy_model)
    embedder = TransformersEmbedder(settings.embedder, threads=settings.threads, device=settings.device)
    combiner = Combiner.packaged("nli" if scorer is not None else "heuristic")
    document = DocumentScorer.packaged("nli" if scorer is not None else "heuristic")
    if scorer is not None:
        combiner = _own_weights(settings, "combiner.json", Combiner.from_json) or combiner
        document = _own_weights(settings, "document.json", DocumentScorer.from_json) or document
    if settings.profile:
        combiner = combiner.with_profile(settings.profile)
    lm = lm_document = None
    if settings.lm:
        from .models.lm import CausalLMScorer
        from .pipeline.document import StackedDocumentScorer

        lm = CausalLMScorer(settings.lm, threads=settings.threads, device=settings.device)
        lm_document = StackedDocumentScorer.packaged()
    return Models(nlp=nlp, embedder=embedder, scorer=scorer, combiner=combiner, document=document, lm=lm, lm_document=lm_document)


def _model_dir(settings: Settings) -> Path | None:
    if settings.verifier == "auto":
        return VERIFIER_DIR
    d = Path(settings.verifier)
    return d if d.is_dir() else None


def _own_weights(settings: Settings, filename: str, build):
    """The claim combiner or document scorer fitted for this model, where its directory carries one.

    The packaged NLI weights were fitted on one model's probabilities; another model's (a smaller student, a
    retrained one) sit on another scale, so the weights fitted on its own dumps travel in its directory."""
    import json

    d = _model_dir(settings)
    path = d / filename if d is not None else None
    if path is None or not path.is_file():
        return None
    try:
        return build(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError("GC305", name=settings.verifier, path=str(path), reason=str(exc) or type(exc).__name__) from None


def _load_scorer(settings: Settings):
    choice = settings.verifier
    if choice == "heuristic":
        return None
    if choice == "auto":
        from .models.onnx import OnnxNLIScorer

        if (VERIFIER_DIR / "model.onnx").exists():
            return OnnxNLIScorer(VERIFIER_DIR, threads=settings.threads, device=settings.device)
        return None
    if (Path(choice) / "groundcheck.json").is_file():  # an exported groundcheck verifier (ONNX)
        from .models.onnx import OnnxNLIScorer

        return OnnxNLIScorer(choice, threads=settings.threads, device=settings.device)
    from .models.hf import TransformersNLIScorer

    return TransformersNLIScorer(choice, threads=settings.threads, device=settings.device)


class Checker:
    """Loads the models once; `check()` may then be called any number of times."""

    def __init__(self, settings: Settings | None = None, *, models: Models | None = None, **overrides) -> None:
        if settings is None:
            settings = _settings(overrides)
        elif overrides:
            settings = settings.model_copy(update=overrides)
        self.settings = settings
        self.models = models if models is not None else load_models(settings)
        table = stages()
        self.stages: list[tuple[str, Stage]] = [(n, table[n]) for n in DEFAULT_ORDER]

    def check(
        self,
        source: str | Sequence[str],
        derived: str,
        *,
        source_ids: Sequence[str] | None = None,
        derived_id: str = "derived",
    ) -> Report:
        """Check `derived` against one or more sources; returns the report."""
        work = self.run(source, derived, source_ids=source_ids, derived_id=derived_id)
        assert work.report is not None
        return work.report

    def run(
        self,
        source: str | Sequence[str],
        derived: str,
        *,
        source_ids: Sequence[str] | None = None,
        derived_id: str = "derived",
    ) -> Work:
        """Like `check()`, but returns the pipeline's whole `Work` (claims, candidates, findings),
        for evaluation and fitting scripts that need more than the report."""
        from dataclasses import replace

        from .errors import InputError
        from .pipeline.analyze import Analyzer

        t0 = time.perf_counter()
        sources = [source] if isinstance(source, str) else list(source)
        if not sources:
            raise InputError("GC101", what="the list of sources")
        if source_ids:
            ids = list(source_ids)
        else:
            ids = ["source"] if len(sources) == 1 else [f"source[{i}]" for i in range(len(sources))]
        s = self.settings
        total = sum(len(x) for x in sources if isinstance(x, str))
        if total > s.max_source_chars:
            raise InputError("GC105", what="the sources together", size=total, limit=s.max_source_chars, option="--max-source-chars")
        docs = tuple(
            make_document(x, i, "source", limit=s.max_source_chars, limit_option="--max-source-chars", allow_any_language=s.allow_any_language)
            for x, i in zip(sources, ids)
        )
        der = make_document(
            derived, derived_id, "derived", limit=s.max_derived_chars, limit_option="--max-derived-chars", allow_any_language=s.allow_any_language
        )
        work = Work(sources=docs, derived=der, settings=s, models=self.models, analyzer=Analyzer(self.models.nlp))
        for name, stage in self.stages:
            t = time.perf_counter()
            try:
                out = stage(work)
            except GroundcheckError:
                raise
            except Exception as exc:
                raise StageError("GC401", stage=name, reason=f"{type(exc).__name__}: {exc}") from exc
            if not isinstance(out, Work):
                raise StageError("GC402", stage=name, got=type(out).__name__)
            work = out
            work.timing[name] = time.perf_counter() - t
        work.timing["total"] = time.perf_counter() - t0
        assert work.report is not None
        # the report was built before the total was known
        work.report = replace(work.report, timing=dict(work.timing))
        return work


# Checkers built by `check()`, by settings, most recent last: a script that calls `check()` in a loop
# loads the models once, as a `Checker` of its own would
_CHECKERS: "OrderedDict[str, Checker]" = OrderedDict()
_KEEP = 2
_CHECKERS_LOCK = threading.Lock()


def check(source: str | Sequence[str], derived: str, **settings) -> Report:
    """Convenience: checks one pair with a Checker for these settings, built (loading the models) on the
    first call and reused by later calls with the same settings."""
    return _checker_for(settings).check(source, derived)


def _settings(overrides: dict) -> Settings:
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise ConfigError("GC202", name="settings", value=overrides, reason=str(exc)) from None


def _checker_for(overrides: dict) -> Checker:
    settings = _settings(overrides)
    # the settings as resolved (environment included): two spellings of one configuration share a Checker
    key = settings.model_dump_json()
    with _CHECKERS_LOCK:
        checker = _CHECKERS.get(key)
        if checker is None:
            checker = Checker(settings)
            _CHECKERS[key] = checker
            while len(_CHECKERS) > _KEEP:
                _CHECKERS.popitem(last=False)
        _CHECKERS.move_to_end(key)
    return checker
