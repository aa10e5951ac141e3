"""The bounded work queue: model work runs on a small thread pool, off the event loop.

Admission counts *pairs* (a batch of n pairs costs n). At most `capacity` pairs are admitted
(running or waiting), and no more than the workers can finish within a request's time limit at
the measured pace per pair; a request that would go over is refused at once with 429 and a
Retry-After estimated from that pace, instead of piling up or timing out later. Each request has a
deadline (queue wait included): past it the client gets 504, a job that has not started is
cancelled, and a running one stops at its next stage boundary, so its slot is freed soon.
"""

from __future__ import annotations

import asyncio
import copy
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from .errors import ServerError

T = TypeVar("T")


class Deadline:
    """A point in monotonic time; `check()` raises GC604 once it has passed."""

    __slots__ = ("at", "limit")

    def __init__(self, limit_s: float) -> None:
        self.limit = limit_s
        self.at = time.monotonic() + limit_s

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, where: str = "") -> None:
        if self.passed():
            raise timeout_error(self.limit, where)


def timeout_error(limit: float, where: str = "") -> ServerError:
    return ServerError("GC604", status=504, limit=limit, stage=where or None)


def bounded(checker: Any, deadline: Deadline, settings_update: dict[str, Any] | None = None) -> Any:
    """A shallow copy of `checker` whose stages first check `deadline` (and with per-request
    settings, if any). The models are shared, nothing is reloaded; the original is untouched.
    An object without `stages` (a test double) is returned as it is."""
    stages = getattr(checker, "stages", None)
    if stages is None:
        return checker
    out = copy.copy(checker)
    out.stages = [(name, _guarded(name, stage, deadline)) for name, stage in stages]
    if settings_update:
        out.settings = checker.settings.model_copy(update=settings_update)
    return out


def _guarded(name: str, stage: Callable, deadline: Deadline) -> Callable:
    def run(work):
        deadline.check(name)
        return stage(work)

    run.__name__ = getattr(stage, "__name__", name)
    return run


class WorkQueue:
    """`await queue.run(fn, cost=n, deadline=d)` runs `fn(d)` on a worker thread, or refuses."""

    def __init__(self, *, capacity: int, workers: int = 1, initial_seconds_per_pair: float = 1.0) -> None:
        self.capacity = capacity
        self.workers = workers
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="groundcheck-worker")
        self._lock = threading.Lock()
        self._pending = 0  # pairs admitted and not finished (running or waiting)
        self._running = 0
        self._per_pair = initial_seconds_per_pair  # moving average of the time one pair takes
        self.rejected = 0
        self.timed_out = 0
        self.closed = False

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def running(self) -> int:
        return self._running

    @property
    def seconds_per_pair(self) -> float:
        return self._per_pair

    def _room(self, budget_s: float | None) -> int:
        """Pairs that may be pending at once: the queue size, and no more than the workers can
        finish within `budget_s` at the measured pace (so what is admitted does not time out)."""
        if budget_s is None:
            return self.capacity
        by_time = int(budget_s * self.workers / max(self._per_pair, 1e-3))
        return max(1, min(self.capacity, by_time))

    def retry_after(self, cost: int = 1, budget_s: float | None = None) -> int:
        """Seconds until about `cost` pairs' worth of room is likely free (at least 1)."""
        with self._lock:
            excess = max(1, self._pending + cost - self._room(budget_s))
            per = self._per_pair
        return max(1, min(600, math.ceil(excess * per / self.workers)))

    def _admit(self, cost: int, budget_s: float | None = None) -> None:
        with self._lock:
            if self.closed:
                raise ServerError("GC607", status=503, reason="The server is shutting down.")
            # an idle queue always takes the job: alone, it has the best chance it will ever get
            if self._pending == 0 or self._pending + cost <= self._room(budget_s):
                self._pending += cost
                return
            self.rejected += 1
            pending = self._pending
        ra = self.retry_after(cost, budget_s)
        raise ServerError("GC603", status=429, headers={"Retry-After": str(ra)}, pending=pending, capacity=self.capacity, retry_after=ra)

    def _release(self, cost: int) -> None:
        with self._lock:
            self._pending -= cost

    def _job(self, fn: Callable[[Deadline], T], cost: int, deadline: Deadline) -> T:
        deadline.check("queue")
        with self._lock:
            self._running += 1
        t0 = time.perf_counter()
        try:
            return fn(deadline)
        finally:
            took = (time.perf_counter() - t0) / max(1, cost)
            with self._lock:
                self._running -= 1
                self._per_pair = 0.8 * self._per_pair + 0.2 * took

    async def run(self, fn: Callable[[Deadline], T], *, cost: int = 1, deadline: Deadline) -> T:
        self._admit(cost, deadline.remaining())
        try:
            fut: Future = self._executor.submit(self._job, fn, cost, deadline)
        except RuntimeError:  # executor shut down between admission and submission
            self._release(cost)
            raise ServerError("GC607", status=503, reason="The server is shutting down.") from None
        fut.add_done_callback(lambda _f: self._release(cost))
        try:
            # wait_for cancels the wrapped future on timeout, which cancels a job not yet started
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout=max(0.0, deadline.remaining()))
        except asyncio.TimeoutError:
            with self._lock:
                self.timed_out += 1
            raise timeout_error(deadline.limit) from None
        except ServerError as exc:
            if exc.code == "GC604":
                with self._lock:
                    self.timed_out += 1
            raise

    def close(self) -> None:
        with self._lock:
            self.closed = True
        self._executor.shutdown(wait=False, cancel_futures=True)
