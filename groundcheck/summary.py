"""Rates over many reports: the end-of-batch summary and `groundcheck report --by FIELD`.

A summary counts pairs, claims, claims by label and by error type, pairs with at least one
contradicted claim, and keeps the slowest pairs. Shares of claims are out of all claims of the
pairs that were checked; shares of pairs are out of those pairs (error rows are counted apart).
Plain data here; `SummaryView` and `GroupsView` draw it with Rich, `plot_groups` with matplotlib.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("supported", "contradicted", "unsupported")
MISSING = "(none)"


@dataclass(frozen=True)
class Slow:
    id: str
    seconds: float
    claims: int


@dataclass(frozen=True)
class Summary:
    pairs: int = 0  # rows, checked or not
    checked: int = 0  # rows with a report
    errors: int = 0  # rows with an error
    error_codes: Mapping[str, int] = field(default_factory=dict)
    claims: int = 0
    labels: Mapping[str, int] = field(default_factory=dict)
    error_types: Mapping[str, int] = field(default_factory=dict)
    pairs_contradicted: int = 0  # checked pairs with at least one contradicted claim
    pairs_flagged: int = 0  # checked pairs with at least one contradicted or unsupported claim
    faithfulness_sum: float = 0.0
    seconds: float = 0.0  # sum of the reports' check time
    slowest: tuple[Slow, ...] = ()

    def label_share(self, label: str) -> float:
        return self.labels.get(label, 0) / self.claims if self.claims else 0.0

    def error_type_share(self, error_type: str) -> float:
        return self.error_types.get(error_type, 0) / self.claims if self.claims else 0.0

    @property
    def contradicted_pair_share(self) -> float:
        return self.pairs_contradicted / self.checked if self.checked else 0.0

    @property
    def flagged_pair_share(self) -> float:
        return self.pairs_flagged / self.checked if self.checked else 0.0

    @property
    def mean_faithfulness(self) -> float | None:
        return self.faithfulness_sum / self.checked if self.checked else None

    def to_dict(self) -> dict[str, Any]:
        mf = self.mean_faithfulness
        return {
            "pairs": self.pairs,
            "checked": self.checked,
            "errors": self.errors,
            "error_codes": dict(sorted(self.error_codes.items())),
            "claims": self.claims,
            "labels": {k: self.labels.get(k, 0) for k in LABELS},
            "label_share": {k: round(self.label_share(k), 4) for k in LABELS},
            "error_types": dict(sorted(self.error_types.items(), key=lambda kv: (-kv[1], kv[0]))),
            "error_type_share": {k: round(self.error_type_share(k), 4) for k in sorted(self.error_types)},
            "pairs_with_contradiction": self.pairs_contradicted,
            "pairs_with_contradiction_share": round(self.contradicted_pair_share, 4),
            "pairs_flagged": self.pairs_flagged,
            "pairs_flagged_share": round(self.flagged_pair_share, 4),
            "mean_faithfulness": None if mf is None else round(mf, 4),
            "check_seconds": round(self.seconds, 3),
            "slowest": [{"id": s.id, "seconds": round(s.seconds, 4), "claims": s.claims} for s in self.slowest],
        }


class Summarizer:
    """Accumulates output rows ({"id", ..., "report" | "error"}) into a Summary."""

    def __init__(self, slowest: int = 5) -> None:
        self.k = slowest
        self.pairs = self.checked = self.errors = self.claims = 0
        self.pairs_contradicted = self.pairs_flagged = 0
        self.faithfulness = self.seconds = 0.0
        self.error_codes: dict[str, int] = {}
        self.labels = dict.fromkeys(LABELS, 0)
        self.error_types: dict[str, int] = {}
        self._slow: list[tuple[float, int, Slow]] = []

    def add(self, row: Mapping[str, Any]) -> None:
        self.pairs += 1
        err = row.get("error")
        rep = row.get("report")
        if err is not None or not isinstance(rep, Mapping):
            self.errors += 1
            code = err.get("code", "?") if isinstance(err, Mapping) else "?"
            self.error_codes[code] = self.error_codes.get(code, 0) + 1
            return
        self.checked += 1
        s = rep.get("summary", {})
        n = int(s.get("claims", 0))
        self.claims += n
        counts = s.get("counts", {})
        for label, c in counts.items():
            self.labels[label] = self.labels.get(label, 0) + int(c)
        for et, c in s.get("error_types", {}).items():
            self.error_types[et] = self.error_types.get(et, 0) + int(c)
        if counts.get("contradicted", 0):
            self.pairs_contradicted += 1
        if counts.get("contradicted", 0) or counts.get("unsupported", 0):
            self.pairs_flagged += 1
        self.faithfulness += float(s.get("faithfulness", 0.0))
        secs = float(rep.get("timing", {}).get("total", 0.0))
        self.seconds += secs
        if self.k:
            item = (secs, -self.pairs, Slow(str(row.get("id")), secs, n))  # ties: earlier rows first
            if len(self._slow) < self.k:
                heapq.heappush(self._slow, item)
            else:
                heapq.heappushpop(self._slow, item)

    def result(self) -> Summary:
        return Summary(
            pairs=self.pairs,
            checked=self.checked,
            errors=self.errors,
            error_codes=dict(self.error_codes),
            claims=self.claims,
            labels=dict(self.labels),
            error_types=dict(self.error_types),
            pairs_contradicted=self.pairs_contradicted,
            pairs_flagged=self.pairs_flagged,
            faithfulness_sum=self.faithfulness,
            seconds=self.seconds,
            slowest=tuple(s for _, _, s in sorted(self._slow, reverse=True)),
        )


def summarize(rows: Iterable[Mapping[str, Any]], *, slowest: int = 5) -> Summary:
    acc = Summarizer(slowest)
    for row in rows:
        acc.add(row)
    return acc.result()


def group_key(row: Mapping[str, Any], field_name: str) -> str:
    v = row.get(field_name)
    if v is None or v == "":
        return MISSING
    return v if isinstance(v, str) else str(v)


def summarize_by(rows: Iterable[Mapping[str, Any]], fields: Iterable[str], *, slowest: int = 5) -> tuple[Summary, dict[str, dict[str, Summary]], set[str]]:
    """The overall summary, one summary per value of each field, and the fields seen in the rows."""
    fields = tuple(fields)
    overall = Summarizer(slowest)
    groups: dict[str, dict[str, Summarizer]] = {f: {} for f in fields}
    seen: set[str] = set()
    for row in rows:
        overall.add(row)
        seen.update(k for k in row if k not in {"report", "error"})
        for f in fields:
            key = group_key(row, f)
            acc = groups[f].get(key)
            if acc is None:
                acc = groups[f][key] = Summarizer(0)
            acc.add(row)
    out = {f: {k: a.result() for k, a in sorted(g.items(), key=lambda kv: (kv[0] == MISSING, kv[0]))} for f, g in groups.items()}
    return overall.result(), out, seen


# --- drawing ---------------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


class SummaryView:
    """The end-of-batch summary (and `report` without --by), as Rich tables."""

    def __init__(self, summary: Summary, *, title: str = "Batch summary") -> None:
        self.summary = summary
        self.title = title

    def __rich_console__(self, console, options):
        from rich.table import Table

        s = self.summary
        mf = s.mean_faithfulness
        head = Table(title=self.title, show_header=False, box=None, pad_edge=False, title_justify="left")
        head.add_column(style="bold")
        head.add_column(justify="right")
        head.add_row("pairs", f"{s.pairs:,}")
        head.add_row("checked", f"{s.checked:,}")
        codes = ", ".join(f"{c} {n}" for c, n in sorted(s.error_codes.items()))
        head.add_row("errors", f"{s.errors:,}" + (f" ({codes})" if codes else ""))
        head.add_row("claims", f"{s.claims:,}")
        head.add_row("pairs with a contradicted claim", f"{s.pairs_contradicted:,} ({_pct(s.contradicted_pair_share)})")
        head.add_row("pairs with a contradicted or unsupported claim", f"{s.pairs_flagged:,} ({_pct(s.flagged_pair_share)})")
        head.add_row("mean faithfulness", "-" if mf is None else f"{mf:.3f}")
        yield head

        labels = Table(title="Claims by label", title_justify="left")
        labels.add_column("label")
        labels.add_column("claims", justify="right")
        labels.add_column("share", justify="right")
        for k in LABELS:
            labels.add_row(k, f"{s.labels.get(k, 0):,}", _pct(s.label_share(k)))
        yield labels

        if s.error_types:
            types = Table(title="Claims by error type", title_justify="left")
            types.add_column("error type")
            types.add_column("claims", justify="right")
            types.add_column("share of claims", justify="right")
            for k, n in sorted(s.error_types.items(), key=lambda kv: (-kv[1], kv[0])):
                types.add_row(k, f"{n:,}", _pct(s.error_type_share(k)))
            yield types

        if s.slowest:
            slow = Table(title="Slowest pairs", title_justify="left")
            slow.add_column("id")
            slow.add_column("seconds", justify="right")
            slow.add_column("claims", justify="right")
            for x in s.slowest:
                slow.add_row(x.id, f"{x.seconds:.2f}", str(x.claims))
            yield slow


class GroupsView:
    """Rates grouped by one field: label shares, flagged pairs, then error-type shares."""

    def __init__(self, field_name: str, groups: Mapping[str, Summary], *, max_types: int = 8) -> None:
        self.field = field_name
        self.groups = groups
        self.max_types = max_types

    def __rich_console__(self, console, options):
        from rich.table import Table

        t = Table(title=f"Rates by {self.field} (claims by label; pairs with a contradicted claim)", title_justify="left")
        for name, j in ((self.field, "left"), ("pairs", "right"), ("errors", "right"), ("claims", "right")):
            t.add_column(name, justify=j, no_wrap=True)
        for k in LABELS:
            t.add_column(k, justify="right", no_wrap=True)
        t.add_column("contradicted pairs", justify="right")
        t.add_column("faithfulness", justify="right", no_wrap=True)
        for key, s in self.groups.items():
            mf = s.mean_faithfulness
            t.add_row(
                key,
                f"{s.pairs:,}",
                f"{s.errors:,}",
                f"{s.claims:,}",
                *((_pct(s.label_share(k)) if s.checked else "-") for k in LABELS),
                _pct(s.contradicted_pair_share) if s.checked else "-",
                "-" if mf is None else f"{mf:.3f}",
            )
        yield t
        types = top_error_types(self.groups.values(), self.max_types)
        if types:
            e = Table(title=f"Error types by {self.field} (share of claims)", title_justify="left")
            e.add_column(self.field)
            for et in types:
                e.add_column(et, justify="right")
            for key, s in self.groups.items():
                e.add_row(key, *((_pct(s.error_type_share(et)) if s.checked else "-") for et in types))
            yield e


def top_error_types(summaries: Iterable[Summary], k: int) -> list[str]:
    total: dict[str, int] = {}
    for s in summaries:
        for et, n in s.error_types.items():
            total[et] = total.get(et, 0) + n
    return [et for et, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def plot_groups(field_name: str, groups: Mapping[str, Summary], out_dir: Path, *, max_types: int = 8) -> list[Path]:
    """Two PNG bar charts: claim label shares and pairs with a contradiction per group; error-type
    shares per group. Returns the paths written. Needs matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    groups = {k: s for k, s in groups.items() if s.checked}  # error-only groups have no rates
    names = list(groups)
    stem = "all" if field_name == "" else f"by-{_safe(field_name)}"
    label = field_name or "all pairs"
    written: list[Path] = []
    colors = {"supported": "#4c9a2a", "contradicted": "#c0392b", "unsupported": "#e0a800"}

    width = max(6.0, 1.1 * len(names) + 3)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(2 * width, 4.8))
    bottom = [0.0] * len(names)
    for k in LABELS:
        vals = [100 * groups[n].label_share(k) for n in names]
        ax1.bar(names, vals, bottom=bottom, label=k, color=colors[k])
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax1.set_ylabel("% of claims")
    ax1.set_ylim(0, 100)
    ax1.set_title(f"Claims by label, by {label}")
    ax1.legend(loc="upper right", fontsize="small")
    ax2.bar(names, [100 * groups[n].contradicted_pair_share for n in names], color=colors["contradicted"], label="≥1 contradicted")
    ax2.bar(names, [100 * groups[n].flagged_pair_share for n in names], color="none", edgecolor="#555", label="≥1 contradicted or unsupported")
    ax2.set_ylabel("% of checked pairs")
    ax2.set_ylim(0, 100)
    ax2.set_title(f"Pairs with a finding, by {label}")
    ax2.legend(loc="upper right", fontsize="small")
    for ax in (ax1, ax2):
        ax.set_xticks(range(len(names)), [f"{n}\n(n={groups[n].checked})" for n in names], rotation=30 if len(names) > 4 else 0)
    fig.tight_layout()
    p = out_dir / f"{stem}-labels.png"
    fig.savefig(p, dpi=110)
    plt.close(fig)
    written.append(p)

    types = top_error_types(groups.values(), max_types)
    if types:
        fig, ax = plt.subplots(figsize=(width + 2, 4.8))
        n = len(names)
        bw = 0.8 / n
        for i, name in enumerate(names):
            xs = [j + (i - (n - 1) / 2) * bw for j in range(len(types))]
            ax.bar(xs, [100 * groups[name].error_type_share(et) for et in types], width=bw, label=name)
        ax.set_xticks(range(len(types)), types, rotation=30, ha="right")
        ax.set_ylabel("% of claims")
        ax.set_title(f"Error types, by {label}")
        if n > 1 or field_name:
            ax.legend(fontsize="small")
        fig.tight_layout()
        p = out_dir / f"{stem}-error-types.png"
        fig.savefig(p, dpi=110)
        plt.close(fig)
        written.append(p)
    return written


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "field"
