"""Evaluation and user calibration: score labelled (source, claim) rows, fit a decision threshold,
report balanced accuracy, ROC AUC and F1 beside a word-overlap baseline; fit a calibration profile.

The pieces are plain functions over arrays so that they can be tested without models:

    rows = read_rows("dev.jsonl.xz")                  # labelled rows + the lines that were unusable
    scored = score_rows(checker, rows, cache)         # per-row claim scores (cached on disk)
    result = evaluate(rows, scored, aggregate="min")  # metrics, CV threshold, baseline, recall per type

Document score: the pipeline splits a derived text into claims; a row's score aggregates the claims'
`p_supported` (`AGGREGATES`). "min" agrees with what `check` decides (a text is consistent only if
every claim is supported) and commutes with a calibration temperature. "document" is the report's
`p_consistent`, the learned document score (pipeline/document.py); rows scored without a document
scorer fall back to "min".

Threshold protocol: with no reference file, the threshold is fitted by k-fold cross-validation inside
the set (each held-out fold is labelled with the threshold that maximises balanced accuracy on the
other folds; the predictions are pooled). With a reference file, it is fitted on that file's scores.
A set whose rows all carry one label cannot fit a threshold; it is scored at the reference file's
threshold or, without one, at the model's own decision threshold, and measures recall only.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import lzma
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import GroundcheckError, InputError

CACHE_DIR = Path(".cache") / "groundcheck-eval"
AGGREGATES: tuple[str, ...] = ("min", "mean", "wmean", "gmean", "document")
_POSITIVE = {"1", "true", "yes", "consistent", "supported", "entailment", "faithful", "correct"}
_NEGATIVE = {"0", "false", "no", "inconsistent", "unsupported", "contradicted", "contradiction", "neutral", "unfaithful", "incorrect", "hallucinated"}
_ERROR_LIST_FIELDS = ("error_type", "error_types", "edit_types")


# --------------------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class EvalRow:
    """One labelled pair. `label` is 1 for consistent (supported), 0 for not."""

    line: int
    id: str
    source: tuple[str, ...]
    claim: str
    label: int
    error_types: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Content hash of the pair: what the score cache is keyed by (ids repeat across files)."""
        h = hashlib.sha256(json.dumps([list(self.source), self.claim], ensure_ascii=False).encode("utf-8"))
        return h.hexdigest()[:32]


@dataclass(frozen=True)
class BadLine:
    line: int
    id: str
    code: str
    message: str


def open_text(path: str | Path):
    """Open plain, .xz or .gz JSON lines as UTF-8 text."""
    p = str(path)
    if p.endswith(".xz"):
        return lzma.open(p, "rt", encoding="utf-8")
    if p.endswith(".gz"):
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")  # noqa: SIM115 - the caller closes it


def parse_label(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _POSITIVE:
        return 1
    if isinstance(value, str) and value.strip().lower() in _NEGATIVE:
        return 0
    return None


def error_types_of(obj: dict[str, Any]) -> tuple[str, ...]:
    """Error types a row carries: FRANK's `error_free` dict (a type whose value is below 1 is
    present), LLMFake's `method`, and any `error_type` / `error_types` / `edit_types` field."""
    found: list[str] = []
    ef = obj.get("error_free")
    if isinstance(ef, str):
        try:
            ef = json.loads(ef.replace("'", '"'))
        except ValueError:
            ef = None
    if isinstance(ef, dict):
        found += [str(k) for k, v in ef.items() if isinstance(v, (int, float)) and v < 1]
    if isinstance(obj.get("method"), str):
        found.append(obj["method"])
    for name in _ERROR_LIST_FIELDS:
        v = obj.get(name)
        if isinstance(v, str) and v:
            found.append(v)
        elif isinstance(v, list):
            found += [str(x) for x in v if isinstance(x, str) and x]
    return tuple(dict.fromkeys(found))


def parse_rows(lines: Iterable[str]) -> tuple[list[EvalRow], list[BadLine]]:
    """Labelled rows `{id, source, claim | derived, label}` from JSON lines, and the lines that
    could not be used (each with a GC109 reason) instead of an exception."""
    rows: list[EvalRow] = []
    bad: list[BadLine] = []

    def fail(n: int, rid: str, reason: str) -> None:
        err = InputError("GC109", line=n, reason=reason)
        bad.append(BadLine(n, rid, err.code, err.message))

    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(n, f"line-{n}", f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            fail(n, f"line-{n}", "expected a JSON object")
            continue
        rid = str(obj.get("id", f"line-{n}"))
        src = obj.get("source", obj.get("sources"))
        if isinstance(src, str):
            src = [src]
        claim = obj.get("claim", obj.get("derived"))
        label = parse_label(obj.get("label"))
        if not (isinstance(src, list) and src and all(isinstance(s, str) for s in src)):
            fail(n, rid, "'source' must be a string or a list of strings")
        elif not isinstance(claim, str):
            fail(n, rid, "'claim' (or 'derived') must be a string")
        elif label is None:
            fail(n, rid, f"'label' must be 1/0 (or true/false, consistent/inconsistent), got {obj.get('label')!r}")
        else:
            rows.append(EvalRow(n, rid, tuple(src), claim, label, error_types_of(obj)))
    return rows, bad


def read_rows(path: str | Path) -> tuple[list[EvalRow], list[BadLine]]:
    try:
        with open_text(path) as fh:
            return parse_rows(fh)
    except UnicodeDecodeError as exc:
        raise InputError("GC102", what=str(path), byte=exc.object[exc.start], offset=exc.start) from None
    except (OSError, EOFError, lzma.LZMAError) as exc:
        raise InputError("GC108", what=str(path), reason=getattr(exc, "strerror", None) or str(exc)) from None


def subset(rows: Sequence[EvalRow], limit: int | None, seed: int = 0) -> list[EvalRow]:
    """A deterministic sample of `limit` rows (by a seeded hash of id and line), in file order."""
    if not limit or limit >= len(rows):
        return list(rows)

    def rank(r: EvalRow) -> str:
        return hashlib.sha1(f"{seed}:{r.id}:{r.line}".encode()).hexdigest()

    keep = {id(r) for r in sorted(rows, key=rank)[:limit]}
    return [r for r in rows if id(r) in keep]


# ------------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class ClaimScore:
    p: float
    label: str
    error_type: str | None
    chars: int


@dataclass(frozen=True)
class RowScore:
    """The pipeline's verdicts for one row, or the coded error that stopped it."""

    claims: tuple[ClaimScore, ...] = ()
    error: str | None = None
    message: str = ""
    doc: float | None = None  # the report's p_consistent

    def to_json(self, key: str) -> dict[str, Any]:
        if self.error:
            return {"k": key, "error": self.error, "message": self.message}
        out: dict[str, Any] = {"k": key, "claims": [[round(c.p, 6), c.label, c.error_type, c.chars] for c in self.claims]}
        if self.doc is not None:
            out["d"] = round(self.doc, 6)
        return out

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "RowScore":
        if obj.get("error"):
            return cls(error=str(obj["error"]), message=str(obj.get("message", "")))
        doc = obj.get("d")
        return cls(tuple(ClaimScore(float(p), str(lab), et, int(ch)) for p, lab, et, ch in obj["claims"]),
                   doc=None if doc is None else float(doc))


def model_key(checker) -> dict[str, Any]:
    """What the scores depend on: model names, the combiner's parameters, settings, version.
    A changed packaged verifier file (same name, new weights) changes its size/mtime, and so the key."""
    from . import __version__
    from .checker import VERIFIER_DIR

    comb = checker.models.combiner
    settings = checker.settings.model_dump(mode="json", exclude={"profile", "threads", "device"})
    key: dict[str, Any] = {
        "groundcheck": __version__,
        "models": checker.models.names(),
        "combiner": {"weights": comb.weights, "bias": comb.bias, "threshold": comb.threshold, "temperature": comb.temperature},
        "settings": settings,
    }
    doc = getattr(checker.models, "document", None)
    if doc is not None:  # a model directory may carry its own, outside the code fingerprint
        key["document"] = {"weights": doc.weights, "bias": doc.bias}
    key["code"] = code_fingerprint()
    onnx = VERIFIER_DIR / "model.onnx"
    if checker.models.scorer is not None and checker.settings.verifier == "auto" and onnx.exists():
        st = onnx.stat()
        key["verifier_file"] = [st.st_size, int(st.st_mtime)]
    return key


_CODE_PARTS = ("pipeline", "checks", "models", "resources", "checker.py", "ingest.py", "types.py", "config.py")


_CODE_SUFFIXES = (".py", ".json", ".txt")  # .txt: word lists read at run time, such as the casing lexicon


def code_fingerprint(root: Path | None = None) -> str:
    """A hash of the package code and data that produce scores (pipeline, checks, model wrappers,
    fitted combiner weights, word lists): an edited working tree must not reuse scores of an older one."""
    root = root or Path(__file__).resolve().parent
    h = hashlib.sha256()
    for part in _CODE_PARTS:
        p = root / part
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and f.suffix in _CODE_SUFFIXES:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


class ScoreCache:
    """Per-row scores on disk: `<dir>/<model key hash>/<data file stem>.jsonl`, one line per row,
    keyed by the row's content hash. All files under the model key are read, so a row scored for
    one data file is reused for another. Append-only, so an interrupted run keeps what it scored."""

    def __init__(self, directory: str | Path | None, key: dict[str, Any], name: str = "scores") -> None:
        self.enabled = directory is not None
        self.entries: dict[str, RowScore] = {}
        self.path: Path | None = None
        if directory is None:
            return
        digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode("utf-8")).hexdigest()[:16]
        self.dir = Path(directory) / digest
        self.dir.mkdir(parents=True, exist_ok=True)
        meta = self.dir / "key.json"
        if not meta.exists():
            meta.write_text(json.dumps(key, indent=1, sort_keys=True), encoding="utf-8")
        self.path = self.dir / f"{_safe_stem(name)}.jsonl"
        self.entries = read_cached_scores(self.dir)

    def get(self, key: str) -> RowScore | None:
        return self.entries.get(key)

    def put(self, key: str, score: RowScore) -> None:
        self.entries[key] = score
        if self.path is not None:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(score.to_json(key), ensure_ascii=False) + "\n")


def read_cached_scores(directory: Path) -> dict[str, RowScore]:
    """Every row score stored under one model key's cache directory, by row content hash."""
    entries: dict[str, RowScore] = {}
    for f in sorted(Path(directory).glob("*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                try:
                    obj = json.loads(line)
                    entries[obj["k"]] = RowScore.from_json(obj)
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by an interrupted run
    return entries


def _safe_stem(name: str) -> str:
    base = os.path.basename(name)
    for ext in (".xz", ".gz", ".jsonl", ".json"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in base) or "scores"


class _CachedEmbedder:
    """Wraps an embedder and remembers vectors by text. Evaluation sets repeat their sources (one
    article, many summaries), and embedding the source sentences is most of a check's time."""

    def __init__(self, inner, max_items: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_items = max_items
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            if len(self._vectors) + len(missing) > self.max_items:
                self._vectors.clear()
            for t, v in zip(missing, self.inner.encode(missing)):
                self._vectors[t] = v
        if not texts:
            return self.inner.encode(texts)
        return np.stack([self._vectors[t] for t in texts])


def for_evaluation(checker):
    """The same checker with an embedding cache shared across rows (scores are unchanged)."""
    from dataclasses import replace

    from .checker import Checker

    if isinstance(checker.models.embedder, _CachedEmbedder):
        return checker
    return Checker(checker.settings, models=replace(checker.models, embedder=_CachedEmbedder(checker.models.embedder)))


def score_row(checker, row: EvalRow) -> RowScore:
    try:
        report = checker.check(list(row.source) if len(row.source) > 1 else row.source[0], row.claim)
    except GroundcheckError as exc:
        if exc.code.startswith("GC3"):  # a model that cannot run fails every row: stop, do not count
            raise
        return RowScore(error=exc.code, message=exc.message)
    # rounded as the cache stores them, so a fresh run and a cached re-run agree exactly (float
    # noise below 1e-6 would otherwise order claims that the combiner scores alike)
    claims = tuple(ClaimScore(round(float(v.p_supported), 6), v.label, v.error_type, len(v.claim)) for v in report.claims)
    if not claims:
        return RowScore(error="GC106", message="the derived text has no claims to check")
    pc = getattr(report, "p_consistent", None)  # stand-in reports in tests may lack it
    doc = None if pc is None else round(float(pc), 6)
    return RowScore(claims, doc=doc)


def score_rows(
    checker, rows: Sequence[EvalRow], cache: ScoreCache | None = None, progress: Callable[[int, int, int], None] | None = None
) -> list[RowScore]:
    """Scores for `rows` in order; cached rows are not re-scored. `progress(done, total, fresh)`."""
    out: list[RowScore] = []
    fresh = 0
    for i, row in enumerate(rows):
        hit = cache.get(row.key) if cache is not None else None
        if hit is None:
            hit = score_row(checker, row)
            fresh += 1
            if cache is not None:
                cache.put(row.key, hit)
        out.append(hit)
        if progress is not None:
            progress(i + 1, len(rows), fresh)
    return out


# -------------------------------------------------------------------------- document scores


def aggregate(claims: Sequence[ClaimScore], how: str = "min") -> float:
    """A document score from its claims' p_supported."""
    ps = np.array([c.p for c in claims], dtype=float)
    if how == "min":
        return float(ps.min())
    if how == "mean":
        return float(ps.mean())
    if how == "wmean":  # weighted by claim length in characters
        w = np.array([max(c.chars, 1) for c in claims], dtype=float)
        return float((ps * w).sum() / w.sum())
    if how == "gmean":
        return float(np.exp(np.log(np.clip(ps, 1e-6, 1.0)).mean()))
    raise ValueError(f"unknown aggregate {how!r}; choose one of {', '.join(AGGREGATES)}")


def overlap_score(row: EvalRow) -> float:
    """Word-overlap baseline, no models: the share of the claim's content-word stems (with
    repeats) that occur anywhere in the source."""
    from .pipeline.lexical import content_stems

    claim = content_stems(row.claim)
    if not claim:
        return 1.0
    src = set()
    for s in row.source:
        src.update(content_stems(s))
    return sum(1 for t in claim if t in src) / len(claim)


# ----------------------------------------------------------------------------------- metrics


def balanced_accuracy(y: np.ndarray, pred: np.ndarray) -> float:
    """Mean of the recalls of the classes present in `y` (as sklearn's `balanced_accuracy_score`)."""
    y = np.asarray(y).astype(int)
    pred = np.asarray(pred).astype(int)
    recalls = [float((pred[y == c] == c).mean()) for c in (0, 1) if (y == c).any()]
    return float(np.mean(recalls)) if recalls else float("nan")


def roc_auc(y: np.ndarray, score: np.ndarray) -> float | None:
    """Area under the ROC curve (ties count half); None when `y` has one class only."""
    y = np.asarray(y).astype(int)
    s = np.asarray(score, dtype=float)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return None
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s), dtype=float)
    sorted_s = s[order]
    # average ranks over ties
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def f1(y: np.ndarray, pred: np.ndarray, positive: int = 1) -> float:
    y = np.asarray(y).astype(int)
    pred = np.asarray(pred).astype(int)
    tp = int(((pred == positive) & (y == positive)).sum())
    fp = int(((pred == positive) & (y != positive)).sum())
    fn = int(((pred != positive) & (y == positive)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit_threshold(score: np.ndarray, y: np.ndarray) -> float:
    """The threshold t (predict consistent iff score >= t) that maximises balanced accuracy on
    (score, y). Candidates are midpoints between adjacent distinct scores (and just outside
    them); among equally good ones the middle one is taken. Needs both classes."""
    s = np.asarray(score, dtype=float)
    y = np.asarray(y).astype(int)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        raise ValueError("fitting a threshold needs rows of both labels")
    u = np.unique(s)
    cands = np.concatenate([[u[0] - 1e-6], (u[:-1] + u[1:]) / 2.0, [u[-1] + 1e-6]])
    # rows at or above each candidate, by class, via sorted positions
    s1 = np.sort(s[y == 1])
    s0 = np.sort(s[y == 0])
    tpr = 1.0 - np.searchsorted(s1, cands, side="left") / n1
    tnr = np.searchsorted(s0, cands, side="left") / n0
    ba = (tpr + tnr) / 2.0
    best = np.flatnonzero(ba >= ba.max() - 1e-12)
    return float(cands[best[len(best) // 2]])


def fold_ids(y: np.ndarray, k: int = 5, seed: int = 0) -> np.ndarray:
    """Deterministic stratified fold assignment: each label's rows are shuffled with `seed` and
    dealt round-robin to k folds."""
    y = np.asarray(y).astype(int)
    rng = np.random.default_rng(seed)
    folds = np.zeros(len(y), dtype=int)
    offset = 0
    for c in (0, 1):
        idx = np.flatnonzero(y == c)
        idx = idx[rng.permutation(len(idx))]
        folds[idx] = (np.arange(len(idx)) + offset) % k
        offset += len(idx)
    return folds


def cv_predict(score: np.ndarray, y: np.ndarray, k: int = 5, seed: int = 0) -> tuple[np.ndarray, list[float]]:
    """Pooled out-of-fold predictions: each fold is labelled with the threshold fitted on the others."""
    s = np.asarray(score, dtype=float)
    y = np.asarray(y).astype(int)
    folds = fold_ids(y, k, seed)
    pred = np.zeros(len(y), dtype=int)
    thresholds = []
    for f in range(k):
        test = folds == f
        if not test.any():
            continue
        t = fit_threshold(s[~test], y[~test])
        thresholds.append(t)
        pred[test] = (s[test] >= t).astype(int)
    return pred, thresholds


# -------------------------------------------------------------------------------- evaluation


@dataclass
class Scores:
    """Document scores of the usable rows of one file, for the model and the baseline."""

    rows: list[EvalRow]
    model: np.ndarray
    baseline: np.ndarray
    claims_per_row: np.ndarray
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def y(self) -> np.ndarray:
        return np.array([r.label for r in self.rows], dtype=int)


def document_scores(rows: Sequence[EvalRow], scored: Sequence[RowScore], how: str = "min") -> Scores:
    keep, model, base, ncl = [], [], [], []
    errors: dict[str, int] = {}
    for row, sc in zip(rows, scored):
        if sc.error:
            errors[sc.error] = errors.get(sc.error, 0) + 1
            continue
        keep.append(row)
        model.append(sc.doc if how == "document" and sc.doc is not None else aggregate(sc.claims, "min" if how == "document" else how))
        base.append(overlap_score(row))
        ncl.append(len(sc.claims))
    return Scores(keep, np.array(model, dtype=float), np.array(base, dtype=float), np.array(ncl, dtype=int), errors)


def _decide(score: np.ndarray, y: np.ndarray, ref: np.ndarray | None, ref_y: np.ndarray | None, default: float | None, k: int, seed: int):
    """Predictions and how the threshold was chosen: fitted on a reference set, or k-fold CV
    inside this set, or (one-label sets, no reference) the default threshold if there is one."""
    if ref is not None and ref_y is not None:
        t = fit_threshold(ref, ref_y)
        return (score >= t).astype(int), t, "reference"
    if len(np.unique(y)) == 2:
        pred, ts = cv_predict(score, y, k, seed)
        return pred, float(fit_threshold(score, y)), f"{k}-fold CV"
    if default is not None:
        return (score >= default).astype(int), float(default), "default"
    return None, None, "none (one label only)"


def _metrics(score: np.ndarray, y: np.ndarray, pred: np.ndarray | None) -> dict[str, Any]:
    out: dict[str, Any] = {"roc_auc": roc_auc(y, score)}
    if pred is None:
        out.update(balanced_accuracy=None, f1=None, f1_inconsistent=None, recall_inconsistent=None, recall_consistent=None)
        return out
    out["balanced_accuracy"] = balanced_accuracy(y, pred)
    out["f1"] = f1(y, pred, 1) if (y == 1).any() else None
    out["f1_inconsistent"] = f1(y, pred, 0) if (y == 0).any() else None
    out["recall_inconsistent"] = float((pred[y == 0] == 0).mean()) if (y == 0).any() else None
    out["recall_consistent"] = float((pred[y == 1] == 1).mean()) if (y == 1).any() else None
    return out


def evaluate(
    scores: Scores,
    *,
    reference: Scores | None = None,
    fixed_threshold: float | None = None,
    default_threshold: float | None = 0.5,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, Any]:
    """Metrics of the model and the word-overlap baseline on one scored set. The balanced accuracy
    uses a threshold fitted by `folds`-fold CV inside the set, or on `reference` when given, or
    (the model only; a calibration profile's) `fixed_threshold`."""
    y = scores.y
    ref_m = reference.model if reference is not None else None
    ref_b = reference.baseline if reference is not None else None
    ref_y = reference.y if reference is not None else None
    if fixed_threshold is not None:
        pred, t, how = (scores.model >= fixed_threshold).astype(int), float(fixed_threshold), "profile"
    else:
        pred, t, how = _decide(scores.model, y, ref_m, ref_y, default_threshold, folds, seed)
    bpred, bt, bhow = _decide(scores.baseline, y, ref_b, ref_y, None, folds, seed)
    model = _metrics(scores.model, y, pred)
    base = _metrics(scores.baseline, y, bpred)
    result: dict[str, Any] = {
        "n": int(len(y)),
        "n_consistent": int(y.sum()),
        "n_inconsistent": int(len(y) - y.sum()),
        "errors": dict(sorted(scores.errors.items())),
        "n_errors": int(sum(scores.errors.values())),
        "claims_per_row": float(scores.claims_per_row.mean()) if len(y) else None,
        "threshold_source": how,
        "threshold": t,
        **model,
        "f1_positive_class": "consistent (label 1)",
        "baseline": {"name": "word overlap (share of claim content stems found in the source)", "threshold": bt, "threshold_source": bhow, **base},
    }
    result["error_types"] = _recall_by_type(scores.rows, y, pred, bpred)
    return result


def _recall_by_type(rows: Sequence[EvalRow], y: np.ndarray, pred: np.ndarray | None, bpred: np.ndarray | None) -> dict[str, dict]:
    """Recall of the inconsistent rows of each error type: the share predicted inconsistent."""
    by: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if y[i] == 0:
            for t in r.error_types:
                by.setdefault(t, []).append(i)
    out = {}
    for t, idx in sorted(by.items()):
        ix = np.array(idx)
        out[t] = {
            "n": len(idx),
            "recall": float((pred[ix] == 0).mean()) if pred is not None else None,
            "baseline_recall": float((bpred[ix] == 0).mean()) if bpred is not None else None,
        }
    return out


# ------------------------------------------------------------------------------- calibration


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    y = np.asarray(y, dtype=float)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def fit_temperature(p: np.ndarray, y: np.ndarray, lo: float = 0.05, hi: float = 20.0) -> float:
    """The temperature T minimising the log-loss of sigmoid(logit(p) / T): golden-section search
    over log T (the loss is unimodal in T for a fixed sign of the logits' correlation with y)."""
    z = logit(p)
    y = np.asarray(y, dtype=float)

    def loss(log_t: float) -> float:
        return log_loss(y, sigmoid(z / math.exp(log_t)))

    a, b = math.log(lo), math.log(hi)
    g = (math.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = loss(c), loss(d)
    for _ in range(80):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = loss(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = loss(d)
    return float(math.exp((a + b) / 2))


def fit_profile(p: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    """Temperature (log-loss) and then the threshold (balanced accuracy) on the tempered scores.
    `p` are document scores aggregated by min, so thresholding them is exactly `check`'s rule
    "every claim supported"."""
    p = np.asarray(p, dtype=float)
    y = np.asarray(y).astype(int)
    temp = fit_temperature(p, y)
    q = sigmoid(logit(p) / temp)
    t = fit_threshold(q, y)
    # a profile's threshold must lie inside (0, 1); not rounded, since tempered scores can crowd
    # near 0 or 1 and a rounded threshold would move decisions (the in-sample figure shows any loss)
    t = float(min(max(t, 1e-6), 1 - 1e-6))
    pred = (q >= t).astype(int)
    return {
        "threshold": t,
        "temperature": temp,
        "balanced_accuracy": balanced_accuracy(y, pred),
        "log_loss_before": log_loss(y, p),
        "log_loss_after": log_loss(y, q),
    }
