"""The `batch` and `report` commands: thin shells over batch.run_batch() and summary.py.

`groundcheck batch PAIRS.jsonl -o OUT.jsonl [--workers N] [--engine ray]` checks every pair,
drawing a progress bar on a terminal (plain lines every few seconds otherwise), resumes from
the store beside OUT after a crash, and ends with a summary. `groundcheck report OUT.jsonl
--by FIELD [--plot DIR]` prints rates grouped by an input field and draws them.
"""


import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

MAX_ERROR_LINES = 20


class EngineName(str, Enum):
    local = "local"
    ray = "ray"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


# --- progress --------------------------------------------------------------------------------


class _Rate:
    """pairs/s and ETA from the results seen so far, counted from the first result (so that
    model loading does not drag the rate down)."""

    def __init__(self) -> None:
        self.todo = 0
        self.done = 0
        self.errors = 0
        self.t0 = time.monotonic()
        self.t_first: float | None = None

    def add(self, result: dict[str, Any]) -> None:
        self.done += 1
        if "error" in result:
            self.errors += 1
        if self.t_first is None:
            self.t_first = time.monotonic()

    @property
    def rate(self) -> float | None:
        if self.t_first is None or self.done < 2:
            return None
        dt = time.monotonic() - self.t_first
        return (self.done - 1) / dt if dt > 0 else None

    @property
    def eta(self) -> float | None:
        r = self.rate
        return None if not r else (self.todo - self.done) / r


def _hms(seconds: float | None) -> str:
    if seconds is None:
        return "-:--:--"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _ErrorEcho:
    def __init__(self, emit) -> None:
        self.emit = emit
        self.shown = 0

    def __call__(self, result: dict[str, Any]) -> None:
        err = result.get("error")
        if err is None:
            return
        self.shown += 1
        if self.shown <= MAX_ERROR_LINES:
            self.emit(f"{result['id']}: [{err['code']}] {err['message']}")
        elif self.shown == MAX_ERROR_LINES + 1:
            self.emit("(more errors: not shown here; they are in the output and the summary)")


class PlainProgress:
    """For logs and pipes: a line at the start, one every `interval` seconds, one at the end."""

    def __init__(self, stream=None, interval: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.interval = interval
        self.r = _Rate()
        self._last = 0.0
        self._echo = _ErrorEcho(self._line)

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def start(self, *, total: int, todo: int, resumed: int, engine: str) -> None:
        self.r = _Rate()
        self.r.todo = todo
        self._last = time.monotonic()
        again = f", {resumed:,} done before (resumed)" if resumed else ""
        self._line(f"batch: {total:,} rows, {todo:,} to check{again}; {engine}")

    def _status(self) -> str:
        r = self.r
        pct = 100 * r.done / r.todo if r.todo else 100.0
        rate = f"{r.rate:.2f} pairs/s" if r.rate else "- pairs/s"
        errs = f", {r.errors:,} error{'s' if r.errors != 1 else ''}" if r.errors else ""
        return f"batch: {r.done:,}/{r.todo:,} checked ({pct:.0f}%), {rate}, ETA {_hms(r.eta)}{errs}"

    def rejected(self, row: dict[str, Any]) -> None:
        self._echo(row)

    def advance(self, result: dict[str, Any]) -> None:
        self.r.add(result)
        self._echo(result)
        now = time.monotonic()
        if now - self._last >= self.interval and self.r.done < self.r.todo:
            self._last = now
            self._line(self._status())

    def finish(self) -> None:
        r = self.r
        took = time.monotonic() - r.t0
        overall = f" ({r.done / took:.2f} pairs/s with start-up)" if r.done and took > 0 else ""
        self._line(f"batch: {r.done:,}/{r.todo:,} checked in {took:.1f} s{overall}")


class RichProgress:
    """For a terminal: a live bar with pairs/s and ETA; error lines scroll above it."""

    def __init__(self, console) -> None:
        self.console = console
        self.r = _Rate()
        self._progress = None
        self._task = None
        self._echo = _ErrorEcho(lambda t: self.console.print(t, markup=False, highlight=False))

    def start(self, *, total: int, todo: int, resumed: int, engine: str) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.r = _Rate()
        self.r.todo = todo
        again = f", {resumed:,} resumed" if resumed else ""
        self.console.print(f"batch: {total:,} rows, {todo:,} to check{again}; {engine}", highlight=False)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA {task.fields[eta]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[errors]}"),
            console=self.console,
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task("starting (loading models)" if todo else "nothing to check", total=todo or 1, completed=0 if todo else 1, rate="- pairs/s", eta="-:--:--", errors="")

    def rejected(self, row: dict[str, Any]) -> None:
        self._echo(row)

    def advance(self, result: dict[str, Any]) -> None:
        self.r.add(result)
        self._echo(result)
        r = self.r
        errs = f"{r.errors} error{'s' if r.errors != 1 else ''}" if r.errors else ""
        self._progress.update(
            self._task,
            advance=1,
            description="checking",
            rate=f"{r.rate:.2f} pairs/s" if r.rate else "- pairs/s",
            eta=_hms(r.eta),
            errors=errs,
        )

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


# --- commands --------------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    # cli.py imports this module while it registers commands: take its helpers here, not at import.
    from .cli import EXIT_INPUT, AnyLangOpt, DebugOpt, LMOpt, MaxSrcOpt, ModelOpt, ProfileOpt, _fail, _quiet_libraries

    @app.command("batch")
    def batch_cli(
        pairs: Annotated[
            str,
            typer.Argument(help="JSON lines {\"id\", \"source\": str or [str], \"derived\", ...extra fields}, a .parquet file, or '-' for stdin."),
        ],
        output: Annotated[str, typer.Option("--output", "-o", help="One result per input row, in input order: .jsonl, .parquet, or '-' (stdout).")] = "-",
        workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Local worker processes (each loads the models once); with --engine ray, the number of actors.")] = 1,
        engine: Annotated[EngineName, typer.Option("--engine", help="local: this machine's processes; ray: Ray Data actors.")] = EngineName.local,
        address: Annotated[Optional[str], typer.Option("--address", help="Ray cluster to use (ray://HOST:10001, or 'auto' on a cluster node); default: start a private local Ray.")] = None,
        gpus_per_actor: Annotated[float, typer.Option("--gpus-per-actor", min=0, help="Ray: GPUs reserved by each actor (e.g. 1, or 0.5 to share).")] = 0.0,
        batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Ray: rows per map_batches call.")] = 4,
        store: Annotated[Optional[Path], typer.Option("--store", help="Result store for resuming (default: OUTPUT.gcstore.sqlite; none for stdout).")] = None,
        no_store: Annotated[bool, typer.Option("--no-store", help="Do not keep a result store (no resuming).")] = False,
        fresh: Annotated[bool, typer.Option("--fresh", help="Discard stored results and check everything again.")] = False,
        retry_errors: Annotated[bool, typer.Option("--retry-errors", help="Check again the pairs whose stored result is an error.")] = False,
        fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first bad row.")] = False,
        progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress display on stderr (default: a bar on a terminal, lines every 10 s otherwise).", show_default=False)] = None,
        slowest: Annotated[int, typer.Option("--slowest", min=0, help="How many of the slowest pairs the summary lists.")] = 5,
        summary_json: Annotated[Optional[Path], typer.Option("--summary-json", help="Also write the summary as JSON here.")] = None,
        model: ModelOpt = None,
        lm: LMOpt = None,
        profile: ProfileOpt = None,
        allow_any_language: AnyLangOpt = False,
        max_source_chars: MaxSrcOpt = None,
        debug: DebugOpt = False,
    ) -> None:
        """Check many pairs: models load once per worker; progress, resuming and a summary.

        Re-running the same command after a crash skips the pairs already done. Bad rows become
        error rows (the batch goes on); a later row repeating an id gets an error row too.
        """
        _quiet_libraries()
        from rich.console import Console

        from .batch import InProcessEngine, PairsInput, ProcessEngine, resolve_settings, run_batch
        from .store import ResultStore, default_store_path
        from .summary import SummaryView

        console = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)
        overrides: dict[str, Any] = {"allow_any_language": allow_any_language}
        if model:
            overrides["verifier"] = model
        if lm:
            overrides["lm"] = lm
        if profile:
            overrides["profile"] = str(profile)
        if max_source_chars:
            overrides["max_source_chars"] = max_source_chars
        if engine is EngineName.local and (address or gpus_per_actor):
            typer.echo("[GC202] --address and --gpus-per-actor need --engine ray.", err=True)
            raise typer.Exit(EXIT_INPUT)

        if output != "-" and not Path(output).resolve().parent.is_dir():
            typer.echo(f"[GC108] Cannot read the output folder {Path(output).parent}: it does not exist.", err=True)
            raise typer.Exit(EXIT_INPUT)
        store_path = None if no_store else store or (None if output == "-" else default_store_path(output))
        if store_path is not None and output != "-" and Path(store_path).resolve() == Path(output).resolve():
            typer.echo("[GC202] --store must not be the output file.", err=True)
            raise typer.Exit(EXIT_INPUT)
        the_store = None
        pairs_in = None
        started = time.monotonic()
        try:
            settings = resolve_settings(overrides)
            full = settings.model_dump(mode="json")
            if engine is EngineName.ray:
                from .ray_batch import RayEngine

                eng = RayEngine(full, address=address, actors=workers, gpus_per_actor=gpus_per_actor, batch_size=batch_size)
            elif workers > 1:
                eng = ProcessEngine(full, workers)
            else:
                eng = InProcessEngine(full)
            pairs_in = PairsInput(pairs)
            if store_path is not None:
                the_store = ResultStore(store_path, fresh=fresh)
            if progress is False:
                from .batch import NoProgress

                prog = NoProgress()
            elif sys.stderr.isatty():
                prog = RichProgress(console)
            else:
                prog = PlainProgress(sys.stderr)
            outcome = run_batch(
                pairs_in,
                output,
                eng,
                settings=settings,
                store=the_store,
                progress=prog,
                fail_fast=fail_fast,
                retry_errors=retry_errors,
                slowest=slowest,
            )
        except KeyboardInterrupt:
            saved = f"; finished pairs are saved in {store_path}: run the same command to resume" if the_store is not None else ""
            typer.echo(f"batch interrupted{saved}", err=True)
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as exc:
            raise _fail(exc, debug) from None
        finally:
            if the_store is not None:
                the_store.close()
            if pairs_in is not None:
                pairs_in.close()

        console.print(SummaryView(outcome.summary))
        where = "stdout" if output == "-" else output
        again = f", {outcome.resumed:,} from the store" if outcome.resumed else ""
        typer.echo(
            f"{outcome.rows:,} rows written to {where} ({outcome.checked:,} checked now{again}, {outcome.errors:,} errors) "
            f"in {time.monotonic() - started:.1f} s",
            err=True,
        )
        if summary_json is not None:
            import json

            summary_json.write_text(json.dumps(outcome.summary.to_dict(), indent=2) + "\n", encoding="utf-8")

    @app.command("report")
    def report_cli(
        results: Annotated[str, typer.Argument(help="A batch output: JSON lines or .parquet.")],
        by: Annotated[Optional[list[str]], typer.Option("--by", help="Group rates by this input field (e.g. source, model); repeatable.")] = None,
        plot: Annotated[Optional[Path], typer.Option("--plot", help="Write bar charts (PNG) into this folder.")] = None,
        fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="text tables, or JSON on stdout.")] = ReportFormat.text,
        slowest: Annotated[int, typer.Option("--slowest", min=0, help="How many of the slowest pairs to list.")] = 5,
        debug: DebugOpt = False,
    ) -> None:
        """Hallucination rates of a batch output: claims by label and error type, pairs with a
        contradiction, overall and grouped --by an input field."""
        import json

        from rich.console import Console

        from .batch import read_results
        from .errors import ConfigError
        from .summary import GroupsView, SummaryView, plot_groups, summarize_by

        fields = list(dict.fromkeys(by or []))
        try:
            overall, groups, seen = summarize_by(read_results(results), fields, slowest=slowest)
            unknown = [f for f in fields if f not in seen]
            if unknown:
                choices = ", ".join(sorted(seen - {"id"})) or "(the rows have no extra fields)"
                raise ConfigError("GC201", what="field", value=unknown[0], choices=choices)
            written: list[Path] = []
            if plot is not None:
                try:
                    import matplotlib  # noqa: F401
                except ImportError:
                    from .errors import missing_dependency

                    raise missing_dependency("matplotlib==3.11.2", "--plot") from None
                if fields:
                    for f in fields:
                        written += plot_groups(f, groups[f], plot)
                else:
                    written += plot_groups("", {"all": overall}, plot)
        except typer.Exit:
            raise
        except Exception as exc:
            raise _fail(exc, debug) from None

        if fmt is ReportFormat.json:
            out = {"overall": overall.to_dict(), "by": {f: {k: s.to_dict() for k, s in g.items()} for f, g in groups.items()}}
            if written:
                out["plots"] = [str(p) for p in written]
            typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
            console.print(SummaryView(overall, title=f"Report: {results}"))
            for f in fields:
                console.print(GroupsView(f, groups[f]))
            for p in written:
                console.print(f"wrote {p}")
