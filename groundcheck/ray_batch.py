"""Batch checking on Ray Data: `map_batches` over an actor class that holds one Checker.

Two ways in:

* `groundcheck batch PAIRS -o OUT --engine ray [--address ADDR]`: the same job as the local
  engines (plan, resumable store, output in input order, summary); only the checking runs on Ray,
  as a fixed pool of `CheckBatch` actors. Without --address a private Ray is started on this
  machine, bound to 127.0.0.1, and shut down at the end.
* `check_dataset(ds)` for your own Ray pipelines: a dataset of JSON lines (a "text" column, as
  `ray.data.read_text()` gives) in, a dataset with a "result" column (one result row, as JSON
  text) out.

Ray is imported only here, inside functions: `import groundcheck` and the local batch never
import it. Models load in each actor's `__init__`, never on import.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from .batch import Row, error_row, make_checker, parse_rows, safe_result, worker_settings
from .errors import ConfigError, InputError, missing_dependency

RAY_PIN = "ray[data]==2.60.0"


def _ray():
    # No usage reporting to the outside world from a checker of private texts.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
        import ray.data
    except ImportError:
        raise missing_dependency(RAY_PIN, "--engine ray") from None
    return ray


class CheckBatch:
    """A Ray Data actor: builds one Checker in `__init__`, then checks batches of JSON lines.

    Input batch: a column of JSON lines (`text_column`), optionally an "index" column that is
    passed through. Output batch: "result" (the result row as JSON text) and "index" if given.
    """

    def __init__(self, settings: dict[str, Any] | None = None, text_column: str = "text") -> None:
        self.checker = make_checker(settings)
        self.text_column = text_column

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = []
        for text in batch[self.text_column]:
            item = next(parse_rows([str(text)]), None)
            if item is None:
                item = InputError("GC109", line=1, reason="empty line", doc_id="line 1")
            row = error_row(item) if isinstance(item, InputError) else safe_result(self.checker, item)
            results.append(json.dumps(row, ensure_ascii=False))
        out: dict[str, Any] = {"result": results}
        if "index" in batch:
            out["index"] = batch["index"]
        return out


def check_dataset(
    ds,
    settings: dict[str, Any] | None = None,
    *,
    text_column: str = "text",
    actors: int = 1,
    cpus_per_actor: float = 1,
    gpus_per_actor: float = 0,
    batch_size: int = 4,
):
    """`ds` (JSON lines in `text_column`) -> a dataset whose "result" column holds each row's
    result as JSON text. Lazy, like every Ray Data transform: write or iterate it to run."""
    ray = _ray()
    settings = dict(settings or {})
    if gpus_per_actor and "device" not in settings:
        settings["device"] = "cuda"
    settings = worker_settings(settings)
    return ds.map_batches(
        CheckBatch,
        fn_constructor_kwargs={"settings": settings, "text_column": text_column},
        compute=ray.data.ActorPoolStrategy(size=actors),
        batch_size=batch_size,
        batch_format="numpy",
        num_cpus=cpus_per_actor,
        num_gpus=gpus_per_actor,
    )


class RayEngine:
    """The `--engine ray` engine for `run_batch`: ships pending rows to a pool of actors and
    yields results as they come back (any order; the job puts them in input order)."""

    def __init__(
        self,
        settings: dict[str, Any],
        *,
        address: str | None = None,
        actors: int = 1,
        cpus_per_actor: float | None = None,
        gpus_per_actor: float = 0,
        batch_size: int = 4,
    ) -> None:
        self.settings = dict(settings)
        self.address = address
        self.actors = actors
        self.gpus_per_actor = gpus_per_actor
        self.batch_size = batch_size
        if cpus_per_actor is None:
            cpus_per_actor = max(1, (os.cpu_count() or 1) // max(1, actors)) if address is None else 1
        self.cpus_per_actor = cpus_per_actor
        where = "local Ray" if address is None else f"Ray at {address}"
        gpus = f", {gpus_per_actor:g} GPU each" if gpus_per_actor else ""
        self.description = f"{where}, {actors} actor{'s' if actors != 1 else ''}{gpus}"

    def _connect(self, ray) -> bool:
        """Start or join Ray; True when this call started it (and so must shut it down)."""
        if ray.is_initialized():
            return False
        env = {k: v for k, v in os.environ.items() if k.startswith(("GROUNDCHECK_", "HF_", "TRANSFORMERS_", "TOKENIZERS_"))}
        try:
            if self.address is None:
                ray.init(
                    address="local",
                    num_cpus=os.cpu_count() or 1,
                    include_dashboard=False,
                    _node_ip_address="127.0.0.1",
                    log_to_driver=False,
                    logging_level="error",
                    runtime_env={"env_vars": env} if env else None,
                )
            else:
                ray.init(address=self.address, log_to_driver=False, logging_level="warning")
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
            raise ConfigError("GC202", name="--address", value=self.address or "local", reason=f"cannot start or reach Ray: {exc}") from None
        return True

    def run(self, tasks: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, dict[str, Any]]]:
        import logging

        ray = _ray()
        items = [{"index": index, "text": row.to_json()} for index, row in tasks]
        if not items:
            return
        started = self._connect(ray)
        try:
            logging.getLogger("ray.data").setLevel(logging.ERROR)  # its notices are not the user's business
            ctx = ray.data.DataContext.get_current()
            ctx.enable_progress_bars = False  # the batch command draws its own
            ctx.print_on_execution_start = False
            ds = ray.data.from_items(items)
            ds = check_dataset(
                ds,
                self.settings,
                actors=self.actors,
                cpus_per_actor=self.cpus_per_actor,
                gpus_per_actor=self.gpus_per_actor,
                batch_size=self.batch_size,
            )
            for rec in ds.iter_rows():
                yield int(rec["index"]), json.loads(rec["result"])
        finally:
            if started:
                ray.shutdown()
