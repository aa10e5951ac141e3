"""The command line: parse options, call the core, render, choose the exit code.

Exit codes: 0 ran (nothing at or above --fail-on), 1 findings at or above --fail-on,
2 usage or input error, 3 configuration or model error, 4 an internal error (a bug: please report).
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Check a derived text (AI rewrite, summary, generated answer) against its source.",
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    text = "text"
    json = "json"
    html = "html"


class FailOn(str, Enum):
    contradicted = "contradicted"
    unsupported = "unsupported"


EXIT_FINDINGS, EXIT_INPUT, EXIT_MODEL, EXIT_BUG = 1, 2, 3, 4


def _fail(exc: BaseException, debug: bool) -> "typer.Exit":
    from .errors import ConfigError, GroundcheckError, InputError, ModelError

    if debug:
        import traceback

        traceback.print_exception(exc)
    if isinstance(exc, GroundcheckError):
        typer.echo(str(exc), err=True)
        code = EXIT_INPUT if isinstance(exc, (InputError, ConfigError)) else EXIT_MODEL if isinstance(exc, ModelError) else EXIT_BUG
    else:
        typer.echo(f"[GC500] internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        code = EXIT_BUG
    return typer.Exit(code)


def _quiet_libraries() -> None:
    # Model loading progress bars and hub notices are noise on a CLI whose output is the report.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def build_checker(model: Optional[str], profile: Optional[Path], allow_any_language: bool, max_source_chars: Optional[int], lm: Optional[str] = None):
    from .checker import Checker

    overrides: dict = {"allow_any_language": allow_any_language}
    if model:
        overrides["verifier"] = model
    if lm:
        overrides["lm"] = lm
    if profile:
        overrides["profile"] = str(profile)
    if max_source_chars:
        overrides["max_source_chars"] = max_source_chars
    return Checker(**overrides)


ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", help="Verifier: 'auto' (packaged), 'heuristic', or a Hugging Face NLI/MiniCheck model name or directory."),
]
LMOpt = Annotated[
    Optional[str],
    typer.Option("--lm", help="Opt-in language model for the document score: 'smollm2' (packaged) or a causal LM name or directory. The packaged fit currently gives it no weight (docs/verifier.md, round 6)."),
]
ProfileOpt = Annotated[Optional[Path], typer.Option("--profile", help="Calibration profile (threshold, temperature) from `groundcheck calibrate`.")]
AnyLangOpt = Annotated[bool, typer.Option("--allow-any-language", help="Check texts that do not look English.")]
MaxSrcOpt = Annotated[Optional[int], typer.Option("--max-source-chars", help="Refuse sources longer than this (default 2,000,000).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]


@app.command("check")
def check_cli(
    source: Annotated[list[str], typer.Argument(help="Source file(s); '-' reads standard input.", show_default=False)],
    derived: Annotated[str, typer.Argument(help="The derived text to check (a file, or '-').", show_default=False)] = "",
    also_source: Annotated[
        Optional[list[str]], typer.Option("--source", "-s", help="Another source file (repeatable).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    fail_on: Annotated[Optional[FailOn], typer.Option("--fail-on", help="Exit 1 if any claim is this bad or worse.")] = None,
    model: ModelOpt = None,
    lm: LMOpt = None,
    profile: ProfileOpt = None,
    allow_any_language: AnyLangOpt = False,
    max_source_chars: MaxSrcOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check DERIVED against one or more SOURCE files: groundcheck check SOURCE [SOURCE ...] DERIVED."""
    _quiet_libraries()
    from .ingest import read_path

    paths = list(source) + ([derived] if derived else [])
    if also_source:
        paths = list(also_source) + paths
    if len(paths) < 2:
        typer.echo("[GC110] Give at least one source and the derived text: groundcheck check SOURCE DERIVED", err=True)
        raise typer.Exit(EXIT_INPUT)
    if sum(1 for p in paths if p == "-") > 1:
        typer.echo("[GC110] Only one of the inputs can be standard input ('-').", err=True)
        raise typer.Exit(EXIT_INPUT)
    *src_paths, der_path = paths
    try:
        sources = [read_path(p) for p in src_paths]
        derived_text = read_path(der_path)
        checker = build_checker(model, profile, allow_any_language, max_source_chars, lm)
        ids = [Path(p).name if p != "-" else "stdin" for p in src_paths]
        if len(set(ids)) != len(ids):
            ids = [f"{i}:{n}" for i, n in enumerate(ids)]
        report = checker.check(sources, derived_text, source_ids=ids, derived_id=Path(der_path).name if der_path != "-" else "stdin")
    except typer.Exit:
        raise
    except Exception as exc:
        raise _fail(exc, debug) from None

    if fmt is Format.json:
        from .render.json import to_json

        typer.echo(to_json(report))
    elif fmt is Format.html:
        from .render.html import render_html

        typer.echo(render_html(report), nl=False)
    else:
        from rich.console import Console

        from .render.text import ReportView

        Console(highlight=False).print(ReportView(report))
    if fail_on is not None:
        order = {"contradicted": 2, "unsupported": 1, "supported": 0}
        if any(order[v.label] >= order[fail_on.value] for v in report.claims):
            raise typer.Exit(EXIT_FINDINGS)


# Commands that live beside the core (server, batch engine, evaluation) register themselves
# here; each module defines `register(app)` and imports its heavy parts inside its commands.
_COMMAND_MODULES: tuple[str, ...] = ("evaluate_cli", "batch_cli", "server.cli")


def _register_commands() -> None:
    import importlib

    for name in _COMMAND_MODULES:
        importlib.import_module(f"groundcheck.{name}").register(app)


_register_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
