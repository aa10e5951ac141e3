"""A terminal view of a report with Rich: the derived text coloured by verdict, then each
non-supported claim with its reason and the source evidence, then the omissions.

Colour is never the only signal: every claim also carries a marker ([+] supported,
[x] contradicted, [?] unsupported) so the view survives monochrome terminals and copy-paste.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..types import Report

STYLE = {"supported": "green", "contradicted": "bold red", "unsupported": "yellow"}
MARK = {"supported": "[+]", "contradicted": "[x]", "unsupported": "[?]"}


class ReportView:
    def __init__(self, report: Report, *, show_supported: bool = True) -> None:
        self.report = report
        self.show_supported = show_supported

    def _derived(self) -> Text:
        r = self.report
        text = Text()
        pos = 0
        raw = r.derived.text
        for v in r.claims:
            if v.claim.start > pos:
                text.append(raw[pos : v.claim.start])
            text.append(MARK[v.label] + " ", style=STYLE[v.label])
            text.append(v.claim.text, style=STYLE[v.label] + (" underline" if v.label != "supported" else ""))
            pos = v.claim.end
        text.append(raw[pos:])
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        r = self.report
        c = r.counts
        summary = Text.assemble(
            ("faithfulness ", "bold"),
            (f"{r.faithfulness:.2f}", "bold"),
            "   ",
            (f"{MARK['supported']} {c['supported']} supported", STYLE["supported"]),
            "   ",
            (f"{MARK['contradicted']} {c['contradicted']} contradicted", STYLE["contradicted"]),
            "   ",
            (f"{MARK['unsupported']} {c['unsupported']} unsupported", STYLE["unsupported"]),
        )
        title = f"groundcheck: {r.derived.id}"
        if r.p_consistent is not None:
            title += f"   P(consistent) {r.p_consistent:.2f}"
        yield Panel(self._derived(), title=title, subtitle=summary, expand=True)

        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column("#", width=3, justify="right")
        table.add_column("claim / verdict", ratio=3)
        table.add_column("evidence in the source", ratio=3)
        for i, v in enumerate(r.claims):
            if v.label == "supported" and not self.show_supported:
                continue
            head = Text.assemble(
                (f"{MARK[v.label]} {v.label.upper()}", STYLE[v.label]),
                (f"  {v.error_type}" if v.error_type else "", "bold"),
                (f"  p={v.p_supported:.2f}", "dim"),
                "\n",
                (v.claim.text, ""),
                "\n",
                (v.reason, "italic"),
            )
            ev = Text()
            for e in v.evidence[:2]:
                p = e.passage
                ev.append(f"{p.doc.id}:{p.start}-{p.end} ", style="dim")
                ev.append(f"({e.relation}) ", style="red" if e.relation == "contradicts" else "green" if e.relation == "supports" else "dim")
                ev.append(" ".join(p.text.split())[:300] + "\n")
            table.add_row(str(i), head, ev)
        yield table

        if r.omissions:
            om = Table(title="Source facts the derived text leaves out", show_header=True, header_style="bold", expand=True)
            om.add_column("importance", width=10, justify="right")
            om.add_column("source sentence")
            for o in r.omissions:
                om.add_row(f"{o.importance:.2f}", " ".join(o.sentence.text.split()))
            yield om
        cov = ", ".join(f"{c.source}: {c.chars_read:,}/{c.chars:,} chars read" for c in r.coverage)
        yield Text(f"coverage: {cov} (nothing truncated)   models: {', '.join(f'{k}={v}' for k, v in r.models.items())}", style="dim")
        for w in r.warnings:
            yield Text(f"warning: {w}", style="yellow")


def render_text(report: Report, *, width: int = 110, color: bool | None = None) -> str:
    import io

    console = Console(file=io.StringIO(), width=width, force_terminal=bool(color), color_system="auto" if color else None, no_color=not color)
    console.print(ReportView(report))
    return console.file.getvalue()  # type: ignore[attr-defined]
