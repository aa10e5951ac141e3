"""Stage name -> function. The one global registry; `Checker` resolves its stages from here."""

from __future__ import annotations

from collections.abc import Callable

from .work import Work

Stage = Callable[[Work], Work]


def stages() -> dict[str, Stage]:
    from .casing import restore_casing
    from .claims import extract_claims
    from .lm_stage import score_lm
    from .report import build_report, find_omissions
    from .retrieve import retrieve
    from .segment_stage import segment_texts
    from .verify import decide, run_checks, score_nli

    return {
        "case": restore_casing,
        "segment": segment_texts,
        "claims": extract_claims,
        "retrieve": retrieve,
        "nli": score_nli,
        "checks": run_checks,
        "verify": decide,
        "lm": score_lm,
        "omissions": find_omissions,
        "report": build_report,
    }


DEFAULT_ORDER: tuple[str, ...] = ("case", "segment", "claims", "retrieve", "nli", "checks", "verify", "lm", "omissions", "report")
