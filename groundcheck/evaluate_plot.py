"""Plots for `groundcheck eval --plot DIR`: a reliability diagram and ROC curves (PNG).

matplotlib is optional and imported here, with the Agg backend, only when plots are asked for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .errors import missing_dependency


def roc_points(y: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(false positive rate, true positive rate) for every threshold, consistent = positive."""
    y = np.asarray(y).astype(int)
    s = np.asarray(score, dtype=float)
    n1, n0 = max(int(y.sum()), 1), max(int((1 - y).sum()), 1)
    cuts = np.concatenate([[np.inf], np.unique(s)[::-1], [-np.inf]])
    tpr = np.array([((s >= t) & (y == 1)).sum() / n1 for t in cuts])
    fpr = np.array([((s >= t) & (y == 0)).sum() / n0 for t in cuts])
    return fpr, tpr


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, share consistent, count) per equal-width bin of p that has rows."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return [(float(p[idx == b].mean()), float(y[idx == b].mean()), int((idx == b).sum())) for b in range(bins) if (idx == b).any()]


def write_plots(directory: str | Path, name: str, scores) -> list[Path]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise missing_dependency("matplotlib", "--plot") from None
    from .evaluate import roc_auc

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    y = scores.y
    paths = []

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    pts = reliability(y, scores.model)
    ax.plot([0, 1], [0, 1], ls="--", c="grey", lw=1, label="perfect calibration")
    if pts:
        mp, fr, cnt = zip(*pts)
        ax.plot(mp, fr, marker="o", label="groundcheck p_supported")
        for x, f, c in pts:
            ax.annotate(str(c), (x, f), textcoords="offset points", xytext=(3, -10), fontsize=7, color="grey")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="mean predicted P(consistent)", ylabel="share consistent", title=f"{name}: reliability")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    paths.append(out / f"{name}-reliability.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], ls="--", c="grey", lw=1)
    if len(set(y.tolist())) == 2:
        for label, s in (("groundcheck", scores.model), ("word overlap", scores.baseline)):
            fpr, tpr = roc_points(y, s)
            ax.plot(fpr, tpr, label=f"{label} (AUC {roc_auc(y, s):.3f})")
        ax.legend(loc="lower right", fontsize=8)
    else:
        ax.text(0.5, 0.5, "one label only: no ROC curve", ha="center")
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="false positive rate", ylabel="true positive rate (consistent)", title=f"{name}: ROC")
    fig.tight_layout()
    paths.append(out / f"{name}-roc.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)
    return paths
