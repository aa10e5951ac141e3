"""Batch checking: many (id, source, derived) rows, one report per row.

`check_many()` is the plain loop: it streams rows through one Checker. A bad row (malformed
JSON, missing fields, unusable text) yields an error result with its code and the batch goes
on, unless `fail_fast`.

`run_batch()` is the job behind `groundcheck batch`: it plans the input (ids, content hashes,
duplicates), skips the pairs a `ResultStore` already holds, hands the rest to an engine (this
process, local worker processes, or Ray: see ray_batch.py), commits each result as it finishes,
and writes the output in input order, every row exactly once. The shells draw progress and the
summary; nothing here imports Typer, Rich or Ray.

Duplicate ids: the first row with an id is checked; each later row with the same id gets an
error row (GC109) in its place, so that the id's report is never ambiguous.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import GroundcheckError, InputError, ModelError

if TYPE_CHECKING:  # pragma: no cover
    from .config import Settings
    from .store import ResultStore
    from .summary import Summary

# Output rows are {"id", **extra, "report" | "error"}: an input field may not take these names.
RESERVED_FIELDS = frozenset({"report", "error"})
_ROW_FIELDS = frozenset({"id", "source", "sources", "derived"})


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    source: list[str]
    derived: str
    extra: dict[str, Any]

    def to_json(self) -> str:
        """The row as one JSON line again (what an engine ships to a worker or actor)."""
        return json.dumps({"id": self.id, "source": self.source, "derived": self.derived, **self.extra}, ensure_ascii=False)


def parse_row(obj: Any, n: int) -> Row | InputError:
    """One decoded row (a JSON object) -> Row, or the InputError that says why it is unusable."""
    if not isinstance(obj, dict):
        return InputError("GC109", line=n, reason="expected a JSON object", doc_id=f"line {n}")
    rid = obj.get("id", f"line-{n}")
    if not isinstance(rid, (str, int)) or isinstance(rid, bool) or rid == "":
        return InputError("GC109", line=n, reason="'id' must be a non-empty string or an integer", doc_id=f"line {n}")
    src = obj.get("source", obj.get("sources"))
    der = obj.get("derived")
    if isinstance(src, str):
        src = [src]
    if not (isinstance(src, list) and src and all(isinstance(s, str) for s in src)):
        return InputError("GC109", line=n, reason="'source' must be a string or a list of strings", doc_id=str(rid))
    if not isinstance(der, str):
        return InputError("GC109", line=n, reason="'derived' must be a string", doc_id=str(rid))
    reserved = sorted(RESERVED_FIELDS & obj.keys())
    if reserved:
        return InputError("GC109", line=n, reason=f"field {reserved[0]!r} is reserved for the output; rename it", doc_id=str(rid))
    extra = {k: v for k, v in obj.items() if k not in _ROW_FIELDS}
    return Row(n, str(rid), src, der, extra)


def parse_rows(lines: Iterable[str | bytes]) -> Iterator[Row | InputError]:
    """Rows from JSON lines; a line that cannot be used becomes an InputError in its place.

    Lines may be bytes: each is decoded as UTF-8 on its own, so one badly encoded line gives one
    error row instead of stopping the batch. Blank lines are skipped (but keep their number).
    """
    for n, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError("GC102", what=f"Batch line {n}", byte=line[exc.start], offset=exc.start, doc_id=f"line {n}")
                continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError("GC109", line=n, reason=f"not valid JSON ({exc.msg} at column {exc.colno})", doc_id=f"line {n}")
            continue
        yield parse_row(obj, n)


def error_row(err: InputError) -> dict[str, Any]:
    return {"id": err.doc_id, "error": err.to_dict()}


def result_for(checker, row: Row) -> dict[str, Any]:
    try:
        report = checker.check(row.source, row.derived)
    except GroundcheckError as exc:
        return {"id": row.id, **row.extra, "error": exc.to_dict()}
    return {"id": row.id, **row.extra, "report": report.to_dict()}


def safe_result(checker, row: Row) -> dict[str, Any]:
    """result_for(), but an unexpected exception (a bug) also becomes this row's error result
    (GC500), so that one pair cannot stop a long batch. Every engine checks rows through this."""
    try:
        return result_for(checker, row)
    except Exception as exc:  # noqa: BLE001 - reported in the row, not swallowed
        message = f"internal error: {type(exc).__name__}: {exc} (please report it)"
        return {"id": row.id, **row.extra, "error": {"code": "GC500", "message": message, "detail": {}}}


def check_many(checker, lines: Iterable[str], *, fail_fast: bool = False) -> Iterator[dict[str, Any]]:
    for item in parse_rows(lines):
        if isinstance(item, InputError):
            if fail_fast:
                raise item
            yield error_row(item)
            continue
        out = result_for(checker, item)
        if fail_fast and "error" in out:
            raise InputError("GC109", line=item.line, reason=out["error"]["message"])
        yield out


# --- checkers for worker processes and actors ------------------------------------------------


def resolve_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Settings from the environment plus `overrides`, as a ConfigError when invalid."""
    from .config import Settings
    from .errors import ConfigError

    overrides = dict(overrides or {})
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise ConfigError("GC202", name="settings", value=overrides, reason=str(exc)) from None


def make_checker(settings: dict[str, Any] | None = None):
    """Build the Checker a worker process or a Ray actor uses, from plain (picklable) settings.

    `embedder="fake"` (or GROUNDCHECK_EMBEDDER=fake) swaps the transformer embedder for the
    deterministic HashEmbedder and runs without an NLI model: for plumbing tests of worker and
    actor machinery only; its reports are not meaningful.
    """
    from .checker import Checker

    s = resolve_settings(settings)
    if s.embedder != "fake":
        return Checker(s)
    from .models.fake import HashEmbedder
    from .pipeline.analyze import load_spacy
    from .pipeline.combine import Combiner
    from .pipeline.work import Models

    models = Models(nlp=load_spacy(s.spacy_model), embedder=HashEmbedder(), scorer=None, combiner=Combiner.packaged("heuristic"))
    return Checker(s, models=models)


def settings_fingerprint(settings: Settings) -> str:
    """What, besides a row's content, decides its report: the version and the settings that shape
    results (not thread counts), with the calibration profile's content, not only its path."""
    from . import __version__

    shape = settings.model_dump(mode="json", exclude={"threads"})
    if settings.profile:
        try:
            shape["profile_sha256"] = hashlib.sha256(Path(settings.profile).read_bytes()).hexdigest()
        except OSError:
            pass  # the Checker reports the unreadable profile with its own coded error
    blob = json.dumps({"groundcheck": __version__, "settings": shape, "models": _model_files_digest()}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _model_files_digest() -> str:
    """The packaged combiner/calibration files by content and the shipped verifier by name, size
    and mtime: a model update makes every stored result stale (its reports would differ)."""
    from .checker import VERIFIER_DIR

    h = hashlib.sha256()
    resources = Path(__file__).resolve().parent / "resources"
    for p in sorted(resources.glob("*.json")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    if VERIFIER_DIR.is_dir():
        for p in sorted(VERIFIER_DIR.rglob("*")):
            if p.is_file():
                st = p.stat()
                h.update(f"{p.relative_to(VERIFIER_DIR)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def row_hash(row: Row, fingerprint: str) -> str:
    """A hash of everything that decides the row's output: its texts, its extra fields, the settings."""
    blob = json.dumps([fingerprint, row.source, row.derived, row.extra], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


# --- input -----------------------------------------------------------------------------------


class PairsInput:
    """A batch's input, readable more than once: JSON lines, Parquet (a `.parquet` path, one row
    per pair, the same fields as columns), or standard input ('-', spooled to a temporary file)."""

    def __init__(self, path: str) -> None:
        self.name = "standard input" if path == "-" else path
        self._spool: str | None = None
        if path == "-":
            fd, self._spool = tempfile.mkstemp(prefix="groundcheck-batch-", suffix=".jsonl")
            with os.fdopen(fd, "wb") as f:
                for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
                    f.write(chunk)
            self.path = self._spool
        else:
            self.path = path
            if not os.path.exists(path):
                raise InputError("GC108", what=path, reason="no such file")
            if os.path.isdir(path):
                raise InputError("GC108", what=path, reason="it is a directory; give a JSON lines or Parquet file")
        self.parquet = self.path.lower().endswith(".parquet")

    def lines(self) -> Iterator[str | bytes]:
        if self.parquet:
            yield from _parquet_lines(self.path)
            return
        try:
            with open(self.path, "rb") as f:
                yield from f
        except OSError as exc:
            raise InputError("GC108", what=self.name, reason=exc.strerror or str(exc)) from None

    def close(self) -> None:
        if self._spool:
            Path(self._spool).unlink(missing_ok=True)
            self._spool = None

    def __enter__(self) -> PairsInput:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _need(package: str, feature: str):
    import importlib

    try:
        return importlib.import_module(package)
    except ImportError:
        from .errors import missing_dependency

        raise missing_dependency("pyarrow==26.0.1" if package.startswith("pyarrow") else package, feature) from None


def _parquet_lines(path: str) -> Iterator[str]:
    pq = _need("pyarrow.parquet", "Parquet input")
    try:
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=256):
            for record in batch.to_pylist():
                yield json.dumps(record, ensure_ascii=False, default=str)
    except OSError as exc:  # pyarrow's ArrowIOError
        raise InputError("GC108", what=path, reason=str(exc)) from None
    except ValueError as exc:  # pyarrow's ArrowInvalid
        raise InputError("GC108", what=path, reason=f"not a readable Parquet file ({exc})") from None


# --- output ----------------------------------------------------------------------------------


class _Writer(Protocol):
    def write(self, row: dict[str, Any]) -> None: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class JsonlWriter:
    """One JSON object per line. A file is written beside the target and renamed over it only
    when complete, so an interrupted batch never leaves a half-written output."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path == "-":
            self._f = sys.stdout
            self._tmp = None
        else:
            self._tmp = f"{path}.tmp-{os.getpid()}"
            try:
                self._f = open(self._tmp, "w", encoding="utf-8")  # noqa: SIM115 - closed in commit/abort
            except OSError as exc:
                raise InputError("GC108", what=path, reason=f"cannot write there ({exc.strerror})") from None

    def write(self, row: dict[str, Any]) -> None:
        self._f.write(json.dumps(row, ensure_ascii=False) + "\n")
        if self._tmp is None:
            self._f.flush()

    def commit(self) -> None:
        if self._tmp is None:
            self._f.flush()
            return
        self._f.flush()
        os.fsync(self._f.fileno())
        self._f.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._tmp is not None:
            self._f.close()
            Path(self._tmp).unlink(missing_ok=True)


# Flat columns for Parquet output: the analysis-friendly numbers, plus the whole report as JSON.
PARQUET_COLUMNS = ("error_code", "claims", "supported", "contradicted", "unsupported", "faithfulness", "seconds", "report", "error")


def flat_row(row: dict[str, Any], extra_fields: Sequence[str]) -> dict[str, Any]:
    """An output row as flat columns (the Parquet layout); extra fields that are not strings are
    stored as their JSON text."""
    rep = row.get("report")
    err = row.get("error")
    out: dict[str, Any] = {"id": str(row["id"])}
    for k in extra_fields:
        v = row.get(k)
        out[k] = v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    summ = rep["summary"] if rep else {}
    counts = summ.get("counts", {})
    out.update(
        error_code=err["code"] if err else None,
        claims=summ.get("claims"),
        supported=counts.get("supported"),
        contradicted=counts.get("contradicted"),
        unsupported=counts.get("unsupported"),
        faithfulness=summ.get("faithfulness"),
        seconds=rep["timing"].get("total") if rep else None,
        report=json.dumps(rep, ensure_ascii=False) if rep else None,
        error=json.dumps(err, ensure_ascii=False) if err else None,
    )
    return out


def unflatten_row(rec: dict[str, Any]) -> dict[str, Any]:
    """A Parquet output record back into the JSON lines row."""
    # Parquet has a column for every extra field: a row that lacked one reads back as null; drop it
    out = {k: v for k, v in rec.items() if k not in PARQUET_COLUMNS and (v is not None or k == "id")}
    if rec.get("report"):
        out["report"] = json.loads(rec["report"])
    if rec.get("error"):
        out["error"] = json.loads(rec["error"])
    return out


class ParquetWriter:
    """Parquet output (a path ending in .parquet): one row per pair, columns id, the extra fields,
    error_code, claims, label counts, faithfulness, seconds, and report/error as JSON text."""

    def __init__(self, path: str, extra_fields: Sequence[str]) -> None:
        pa = _need("pyarrow", "Parquet output")
        pq = _need("pyarrow.parquet", "Parquet output")
        self._pa = pa
        self.path = path
        self.extra = [k for k in extra_fields if k not in PARQUET_COLUMNS and k != "id"]
        fields = [("id", pa.string())] + [(k, pa.string()) for k in self.extra]
        fields += [("error_code", pa.string())] + [(k, pa.int64()) for k in ("claims", "supported", "contradicted", "unsupported")]
        fields += [("faithfulness", pa.float64()), ("seconds", pa.float64()), ("report", pa.string()), ("error", pa.string())]
        self.schema = pa.schema(fields)
        self._tmp = f"{path}.tmp-{os.getpid()}"
        try:
            self._w = pq.ParquetWriter(self._tmp, self.schema)
        except OSError as exc:
            raise InputError("GC108", what=path, reason=f"cannot write there ({exc})") from None
        self._buf: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self._buf.append(flat_row(row, self.extra))
        if len(self._buf) >= 512:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            self._w.write_table(self._pa.Table.from_pylist(self._buf, schema=self.schema))
            self._buf = []

    def commit(self) -> None:
        self._flush()
        self._w.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._w.close()
        Path(self._tmp).unlink(missing_ok=True)


def open_writer(path: str, extra_fields: Sequence[str] = ()) -> _Writer:
    if path != "-" and path.lower().endswith(".parquet"):
        return ParquetWriter(path, extra_fields)
    return JsonlWriter(path)


def read_results(path: str) -> Iterator[dict[str, Any]]:
    """Rows of a batch output (JSON lines or Parquet), for `groundcheck report`."""
    if path.lower().endswith(".parquet"):
        for line in _parquet_lines(path):
            yield unflatten_row(json.loads(line))
        return
    try:
        f = open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError("GC108", what=path, reason=exc.strerror or str(exc)) from None
    with f:
        try:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError("GC109", line=n, reason=f"{path} is not a batch output: not valid JSON ({exc.msg})") from None
                if not isinstance(obj, dict) or "id" not in obj or not ("report" in obj or "error" in obj):
                    raise InputError("GC109", line=n, reason=f"{path} is not a batch output: rows need 'id' and 'report' or 'error'")
                yield obj
        except UnicodeDecodeError as exc:
            raise InputError("GC102", what=path, byte=exc.object[exc.start], offset=exc.start) from None


# --- planning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One input row in the plan: checkable (hash set) or already an error row."""

    index: int
    line: int
    id: str
    hash: str | None = None
    error: dict[str, Any] | None = None  # the complete error row, for rows that are not checked


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]
    extra_fields: tuple[str, ...]  # union of the rows' extra fields, in first-seen order

    @property
    def checkable(self) -> list[Entry]:
        return [e for e in self.entries if e.hash is not None]


def plan_batch(lines: Iterable[str | bytes], fingerprint: str, *, fail_fast: bool = False) -> Plan:
    """Pass 1: each row's id and content hash; malformed rows and repeated ids become error rows."""
    entries: list[Entry] = []
    first_line: dict[str, int] = {}
    extra: dict[str, None] = {}
    for index, item in enumerate(parse_rows(lines)):
        if isinstance(item, InputError):
            if fail_fast:
                raise item
            entries.append(Entry(index, item.values.get("line", 0), str(item.doc_id), error=error_row(item)))
            continue
        extra.update(dict.fromkeys(item.extra))
        if item.id in first_line:
            err = InputError(
                "GC109",
                line=item.line,
                reason=f"duplicate id {item.id!r} (first on line {first_line[item.id]}); only the first is checked, give each pair its own id",
                doc_id=item.id,
            )
            if fail_fast:
                raise err
            entries.append(Entry(index, item.line, item.id, error={"id": item.id, **item.extra, "error": err.to_dict()}))
            continue
        first_line[item.id] = item.line
        entries.append(Entry(index, item.line, item.id, hash=row_hash(item, fingerprint)))
    return Plan(tuple(entries), tuple(extra))


# --- engines ---------------------------------------------------------------------------------


class Engine(Protocol):
    """Checks rows; yields (index, result) in any order, each index exactly once."""

    description: str

    def run(self, tasks: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, dict[str, Any]]]: ...


class InProcessEngine:
    """Checks in this process, with a Checker given or built on first use."""

    def __init__(self, settings: dict[str, Any] | None = None, *, checker=None) -> None:
        self.settings = worker_settings(settings or {})
        self.checker = checker
        self.description = "1 process"

    def run(self, tasks: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, dict[str, Any]]]:
        if self.checker is None:
            self.checker = make_checker(self.settings)
        for index, row in tasks:
            yield index, safe_result(self.checker, row)


def worker_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """One torch thread per worker unless `threads` was set (GROUNDCHECK_THREADS): a batch gets
    its speed from more workers, and multi-threaded torch on the few sentences of one pair was
    about 3x slower than one thread on a busy 2-core machine (see docs/batch.md)."""
    out = dict(settings)
    if not out.get("threads"):
        out["threads"] = 1
    return out


def _error_payload(exc: BaseException) -> tuple[str, str, dict[str, Any]]:
    if isinstance(exc, GroundcheckError):
        values = {k: v for k, v in exc.values.items() if isinstance(v, (str, int, float, bool))}
        return type(exc).__name__, exc.code, values
    return "ModelError", "GC304", {"name": "batch worker", "reason": f"{type(exc).__name__}: {exc}"}


def _rebuild_error(payload: tuple[str, str, dict[str, Any]]) -> GroundcheckError:
    from . import errors

    cls_name, code, values = payload
    cls = getattr(errors, cls_name, None)
    if not (isinstance(cls, type) and issubclass(cls, GroundcheckError)):
        cls = ModelError
    return cls(code, **values)


def _worker_main(settings: dict[str, Any], tasks, results) -> None:
    """A local worker process: load the models once, then check rows until told to stop (None)
    or until the parent process is gone (so that `kill -9` of a batch leaves no orphans)."""
    import multiprocessing
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = multiprocessing.parent_process()
    try:
        checker = make_checker(settings)
    except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
        results.put(("fatal", None, _error_payload(exc)))
        return
    results.put(("ready", None, None))
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                return
            continue
        if task is None:
            return
        index, line = task
        row = next(parse_rows([line]))
        if isinstance(row, InputError):  # cannot happen: the parent parsed this row already
            results.put(("result", index, error_row(row)))
            continue
        results.put(("result", index, safe_result(checker, row)))


class ProcessEngine:
    """N local worker processes (spawned), each loading the models once."""

    def __init__(self, settings: dict[str, Any], workers: int) -> None:
        self.settings = worker_settings(settings)
        self.workers = workers
        self.description = f"{workers} worker processes"

    def run(self, tasks: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, dict[str, Any]]]:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        task_q = ctx.Queue()
        result_q = ctx.Queue()
        procs = [ctx.Process(target=_worker_main, args=(self.settings, task_q, result_q), daemon=True, name=f"groundcheck-worker-{i}") for i in range(self.workers)]
        for p in procs:
            p.start()
        window = 2 * self.workers  # rows queued ahead: keeps workers busy, bounds memory
        in_flight = 0
        exhausted = False
        try:
            while True:
                while not exhausted and in_flight < window:
                    try:
                        index, row = next(tasks)
                    except StopIteration:
                        exhausted = True
                        break
                    task_q.put((index, row.to_json()))
                    in_flight += 1
                if exhausted and in_flight == 0:
                    return
                try:
                    kind, index, payload = result_q.get(timeout=1.0)
                except queue.Empty:
                    dead = [p for p in procs if not p.is_alive()]
                    if dead:
                        p = dead[0]
                        raise ModelError(
                            "GC304",
                            name=p.name,
                            reason=f"the worker process exited unexpectedly (exit code {p.exitcode}); "
                            "finished pairs are saved: run the same command again to resume",
                        )
                    continue
                if kind == "fatal":
                    raise _rebuild_error(payload)
                if kind == "result":
                    in_flight -= 1
                    yield index, payload
        finally:
            for _ in procs:
                task_q.put(None)
            deadline = time.monotonic() + 5
            for p in procs:
                p.join(timeout=max(0.1, deadline - time.monotonic()))
            for p in procs:
                if p.is_alive():
                    p.terminate()
                    p.join(timeout=2)
            task_q.close()
            result_q.close()


# --- the job ---------------------------------------------------------------------------------


class Progress(Protocol):
    """What a shell gets told while a batch runs (see batch_cli.py for the terminal ones)."""

    def start(self, *, total: int, todo: int, resumed: int, engine: str) -> None: ...
    def rejected(self, row: dict[str, Any]) -> None: ...  # an input row that is an error row as it stands
    def advance(self, result: dict[str, Any]) -> None: ...  # a pair checked
    def finish(self) -> None: ...


class NoProgress:
    def start(self, *, total: int, todo: int, resumed: int, engine: str) -> None:
        pass

    def rejected(self, row: dict[str, Any]) -> None:
        pass

    def advance(self, result: dict[str, Any]) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class BatchOutcome:
    rows: int  # rows written (one per input row)
    checked: int  # pairs checked in this run
    resumed: int  # pairs whose stored result was reused
    errors: int  # error rows written
    seconds: float
    summary: Summary
    engine: str


def run_batch(
    pairs: PairsInput,
    output: str,
    engine: Engine,
    *,
    settings: Settings,
    store: ResultStore | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
    retry_errors: bool = False,
    slowest: int = 5,
) -> BatchOutcome:
    """Check every pair of `pairs` not already in `store`, and write `output` in input order.

    With a store, each result is committed as it finishes and the output is written at the end
    from the store: a run killed at any point loses only the pairs in flight, and the next run
    writes every row exactly once. Without one (output to stdout), rows stream out in order.
    """
    from .summary import Summarizer

    t0 = time.perf_counter()
    progress = progress or NoProgress()
    fp = settings_fingerprint(settings)
    plan = plan_batch(pairs.lines(), fp, fail_fast=fail_fast)
    done = store.done_keys(include_errors=not retry_errors) if store is not None else set()
    todo = {e.index: e for e in plan.checkable if (e.id, e.hash) not in done}
    resumed = len(plan.checkable) - len(todo)
    progress.start(total=len(plan.entries), todo=len(todo), resumed=resumed, engine=engine.description)
    for e in plan.entries:
        if e.error is not None:
            progress.rejected(e.error)

    writer = open_writer(output, plan.extra_fields)
    summarizer = Summarizer(slowest=slowest)
    memory: dict[int, dict[str, Any]] = {}
    next_out = 0

    def flush(final: bool) -> None:
        nonlocal next_out
        while next_out < len(plan.entries):
            e = plan.entries[next_out]
            row = e.error if e.error is not None else memory.pop(e.index, None)
            if row is None and store is not None and (final or e.index not in todo):
                row = store.get(e.id, e.hash)  # type: ignore[arg-type]
            if row is None:
                if final:
                    raise InputError("GC108", what=pairs.name, reason=f"no result for id {e.id!r}; did the input change while the batch ran?")
                return
            writer.write(row)
            summarizer.add(row)
            next_out += 1

    def tasks() -> Iterator[tuple[int, Row]]:
        for index, item in enumerate(parse_rows(pairs.lines())):
            e = todo.get(index)
            if e is None:
                continue
            if isinstance(item, InputError) or item.id != e.id or row_hash(item, fp) != e.hash:
                raise InputError("GC108", what=pairs.name, reason=f"line {e.line} changed while the batch ran; run it again")
            yield index, item

    checked = 0
    try:
        if store is None:
            flush(final=False)
        if todo:
            results = engine.run(tasks())
            try:
                for index, result in results:
                    e = todo[index]
                    if store is not None:
                        store.put(e.id, e.hash, result)  # type: ignore[arg-type]
                    else:
                        memory[index] = result
                    checked += 1
                    progress.advance(result)
                    if fail_fast and "error" in result:
                        raise InputError("GC109", line=e.line, reason=f"[{result['error']['code']}] {result['error']['message']}")
                    if store is None:
                        flush(final=False)
            finally:
                close = getattr(results, "close", None)
                if close is not None:
                    close()
        flush(final=True)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        progress.finish()
    if store is not None:
        store.retain((e.id, e.hash) for e in plan.checkable)  # drop results of rows since changed
    summary = summarizer.result()
    return BatchOutcome(
        rows=len(plan.entries),
        checked=checked,
        resumed=resumed,
        errors=summary.errors,
        seconds=time.perf_counter() - t0,
        summary=summary,
        engine=engine.description,
    )
