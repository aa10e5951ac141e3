"""`groundcheck eval` and `groundcheck calibrate`: thin commands over `groundcheck.evaluate`.

    groundcheck eval DATA.jsonl[.xz] [--threshold-from DEV.jsonl] [--aggregate min] [--plot DIR] [--format json]
    groundcheck calibrate LABELLED.jsonl -o profile.json      # then: groundcheck check --profile profile.json ...
"""


import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer


class Aggregate(str, Enum):
    min = "min"
    mean = "mean"
    wmean = "wmean"
    gmean = "gmean"
    document = "document"


class EvalFormat(str, Enum):
    text = "text"
    json = "json"


def _make_checker(model: Optional[str], profile: Optional[Path], allow_any_language: bool, threads: int = 1, lm: Optional[str] = None):
    """Build the Checker, with an embedding cache shared across rows (tests replace this to reuse
    their session's models)."""
    from .checker import Checker
    from .evaluate import for_evaluation

    overrides: dict = {"allow_any_language": allow_any_language, "threads": threads}
    if model:
        overrides["verifier"] = model
    if lm:
        overrides["lm"] = lm
    if profile:
        overrides["profile"] = str(profile)
    return for_evaluation(Checker(**overrides))


def _progress(label: str, quiet: bool):
    every = 25

    def report(done: int, total: int, fresh: int) -> None:
        if not quiet and (done % every == 0 or done == total) and fresh:
            typer.echo(f"{label}: {done}/{total} rows ({fresh} scored, {done - fresh} from cache)", err=True)

    return report


def _read_profile(path: Optional[str]) -> Optional[float]:
    """The threshold of a calibration profile, if `path` is one (a JSON object with a threshold)."""
    if not path or not path.endswith(".json"):
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and isinstance(data.get("threshold"), (int, float)):
        return float(data["threshold"])
    return None


def _load_and_score(path: str, checker, key: dict, cache_dir: Optional[Path], limit: Optional[int], seed: int, aggregate: str, quiet: bool):
    from . import evaluate as ev

    rows, bad = ev.read_rows(path)
    rows = ev.subset(rows, limit, seed)
    cache = ev.ScoreCache(cache_dir, key, name=path) if cache_dir is not None else None
    scored = ev.score_rows(checker, rows, cache, _progress(Path(path).name, quiet))
    scores = ev.document_scores(rows, scored, aggregate)
    for b in bad:
        scores.errors[b.code] = scores.errors.get(b.code, 0) + 1
    return scores, bad


def _fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _print_text(name: str, res: dict[str, Any]) -> None:
    b = res["baseline"]
    typer.echo(
        f"{name}: {res['n']} rows ({res['n_consistent']} consistent, {res['n_inconsistent']} inconsistent), "
        f"{res['n_errors']} not scored{' ' + json.dumps(res['errors']) if res['errors'] else ''}, "
        f"{_fmt(res['claims_per_row'], 2)} claims/row, aggregate={res['aggregate']}"
    )
    def how(src: str) -> str:
        return f"{src}; printed: fitted on all rows" if "CV" in src else src

    typer.echo(
        f"threshold: model {_fmt(res['threshold'])} ({how(res['threshold_source'])}), "
        f"word overlap {_fmt(b['threshold'])} ({how(b['threshold_source'])})"
    )
    typer.echo(f"{'':28}{'model':>10}{'word overlap':>14}")
    for label, key in (
        ("balanced accuracy", "balanced_accuracy"),
        ("ROC AUC", "roc_auc"),
        ("F1 (consistent = positive)", "f1"),
        ("F1 (inconsistent)", "f1_inconsistent"),
        ("recall of inconsistent", "recall_inconsistent"),
        ("recall of consistent", "recall_consistent"),
    ):
        typer.echo(f"{label:28}{_fmt(res[key]):>10}{_fmt(b[key]):>14}")
    if res["error_types"]:
        typer.echo("recall per error type (inconsistent rows flagged inconsistent):")
        for t, v in res["error_types"].items():
            typer.echo(f"  {t[:40]:40} n={v['n']:<4}{_fmt(v['recall']):>8}{_fmt(v['baseline_recall']):>10}")


def register(app: typer.Typer) -> None:
    from .cli import EXIT_INPUT, AnyLangOpt, DebugOpt, LMOpt, ModelOpt, ProfileOpt, _fail, _quiet_libraries

    CacheOpt = Annotated[
        Optional[Path], typer.Option("--cache-dir", help="Where per-row scores are cached (default .cache/groundcheck-eval).")
    ]
    NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Score every row again; write no cache.")]
    LimitOpt = Annotated[Optional[int], typer.Option("--limit", min=1, help="Score a deterministic sample of N rows.")]
    SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the --limit sample and of the CV folds.")]
    ThreadsOpt = Annotated[
        int, typer.Option("--threads", min=0, help="Model threads; rows are scored one at a time, and 1 avoids oversubscribing a shared CPU (0 = library default).")
    ]

    @app.command("eval")
    def eval_cli(
        data: Annotated[str, typer.Argument(help="Labelled JSON lines (.jsonl, .jsonl.xz, .jsonl.gz): {id, source, claim|derived, label}.")],
        threshold_from: Annotated[
            Optional[str],
            typer.Option(
                "--threshold-from",
                help="Fit the threshold on this labelled file instead of by CV inside DATA; or give a profile.json from `calibrate` to use its threshold and temperature.",
            ),
        ] = None,
        aggregate: Annotated[Aggregate, typer.Option("--aggregate", help="Document score: the learned document score (document; min where none is fitted) or an aggregate of the claims' scores.")] = Aggregate.document,
        folds: Annotated[int, typer.Option("--folds", min=2, help="Folds of the cross-validated threshold.")] = 5,
        limit: LimitOpt = None,
        seed: SeedOpt = 0,
        plot: Annotated[Optional[Path], typer.Option("--plot", help="Write a reliability diagram and ROC curve (PNG) here.")] = None,
        fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="Output format.")] = EvalFormat.text,
        model: ModelOpt = None,
        lm: LMOpt = None,
        profile: ProfileOpt = None,
        allow_any_language: AnyLangOpt = False,
        cache_dir: CacheOpt = None,
        no_cache: NoCacheOpt = False,
        threads: ThreadsOpt = 1,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
        debug: DebugOpt = False,
    ) -> None:
        """Score labelled pairs with the full pipeline; print balanced accuracy (CV threshold), ROC AUC,
        F1 and recall per error type, beside a word-overlap baseline."""
        _quiet_libraries()
        from . import evaluate as ev

        cdir = None if no_cache else (cache_dir or ev.CACHE_DIR)
        fixed = None
        try:
            prof = _read_profile(threshold_from)
            if prof is not None:
                if profile is not None and Path(profile).resolve() != Path(threshold_from).resolve():
                    typer.echo("[GC110] Give the profile once: --threshold-from PROFILE.json sets --profile too.", err=True)
                    raise typer.Exit(EXIT_INPUT)
                profile, fixed, threshold_from = Path(threshold_from), prof, None
            checker = _make_checker(model, profile, allow_any_language, threads, lm=lm)
            key = ev.model_key(checker)  # once, before scoring: the code it names is the code that scores
            scores, _ = _load_and_score(data, checker, key, cdir, limit, seed, aggregate.value, quiet)
            if len(scores.rows) == 0:
                typer.echo(f"[GC109] {data} has no usable labelled rows (not scored: {dict(sorted(scores.errors.items()))}).", err=True)
                raise typer.Exit(EXIT_INPUT)
            ref = None
            if threshold_from:
                ref, _ = _load_and_score(threshold_from, checker, key, cdir, limit, seed, aggregate.value, quiet)
                if len(set(ref.y.tolist())) < 2:
                    typer.echo(f"[GC109] {threshold_from} has rows of one label only; a threshold cannot be fitted on it.", err=True)
                    raise typer.Exit(EXIT_INPUT)
            res = ev.evaluate(
                scores, reference=ref, fixed_threshold=fixed, default_threshold=checker.models.combiner.threshold, folds=folds, seed=seed
            )
        except typer.Exit:
            raise
        except Exception as exc:
            raise _fail(exc, debug) from None
        res = {
            "file": data,
            "threshold_from": threshold_from,
            "profile": str(profile) if profile else None,
            "aggregate": aggregate.value,
            "limit": limit,
            "seed": seed,
            "models": checker.models.names(),
            "code": key["code"],
            **res,
        }
        if plot is not None:
            from .evaluate_plot import write_plots

            res["plots"] = [str(p) for p in write_plots(plot, Path(data).name.split(".jsonl")[0], scores)]
        if fmt is EvalFormat.json:
            typer.echo(json.dumps(res, ensure_ascii=False))
        else:
            _print_text(Path(data).name, res)
            for p in res.get("plots", []):
                typer.echo(f"wrote {p}")

    @app.command("calibrate")
    def calibrate_cli(
        data: Annotated[str, typer.Argument(help="Your labelled pairs, JSON lines: {source, claim|derived, label 1/0}.")],
        output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the profile JSON.")] = Path("profile.json"),
        model: ModelOpt = None,
        allow_any_language: AnyLangOpt = False,
        limit: LimitOpt = None,
        seed: SeedOpt = 0,
        cache_dir: CacheOpt = None,
        no_cache: NoCacheOpt = False,
        threads: ThreadsOpt = 1,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
        debug: DebugOpt = False,
    ) -> None:
        """Fit the decision threshold and temperature on your own labelled pairs; use the profile
        with `groundcheck check --profile PROFILE`."""
        _quiet_libraries()
        from . import __version__
        from . import evaluate as ev

        cdir = None if no_cache else (cache_dir or ev.CACHE_DIR)
        try:
            checker = _make_checker(model, None, allow_any_language, threads)
            key = ev.model_key(checker)
            scores, _ = _load_and_score(data, checker, key, cdir, limit, seed, "min", quiet)
            if len(set(scores.y.tolist())) < 2:
                typer.echo(
                    f"[GC109] {data}: calibration needs usable rows of both labels (got {scores.y.sum()} consistent, "
                    f"{len(scores.y) - scores.y.sum()} inconsistent, {sum(scores.errors.values())} not scored).",
                    err=True,
                )
                raise typer.Exit(EXIT_INPUT)
            fit = ev.fit_profile(scores.model, scores.y)
        except typer.Exit:
            raise
        except Exception as exc:
            raise _fail(exc, debug) from None
        profile = {
            "threshold": fit["threshold"],
            "temperature": fit["temperature"],
            "n": int(len(scores.y)),
            "n_consistent": int(scores.y.sum()),
            "not_scored": dict(sorted(scores.errors.items())),
            "fitted_on": str(data),
            "aggregate": "min",
            "balanced_accuracy_in_sample": round(fit["balanced_accuracy"], 4),
            "log_loss": {"before": round(fit["log_loss_before"], 4), "after": round(fit["log_loss_after"], 4)},
            "groundcheck": __version__,
            "models": checker.models.names(),
            "code": key["code"],
        }
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(json.dumps(profile, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            typer.echo(f"[GC108] Cannot write {output}: {exc.strerror}.", err=True)
            raise typer.Exit(EXIT_INPUT) from None
        typer.echo(
            f"wrote {output}: threshold {profile['threshold']:.4f}, temperature {profile['temperature']:.4f} "
            f"on {profile['n']} rows (in-sample balanced accuracy {fit['balanced_accuracy']:.3f}; "
            f"log-loss {fit['log_loss_before']:.3f} -> {fit['log_loss_after']:.3f})",
        )
        typer.echo(f"use it: groundcheck check --profile {output} SOURCE DERIVED", err=True)
