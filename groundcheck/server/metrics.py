"""Prometheus text exposition (format 0.0.4) for the server, without a client library.

    groundcheck_http_requests_total{method,route,status}        counter
    groundcheck_http_request_duration_seconds{route}            histogram
    groundcheck_check_duration_seconds                          histogram (model work per pair)
    groundcheck_claims_total{label}                             counter
    groundcheck_errors_total{code}                              counter
    groundcheck_queue_pending_pairs / _capacity_pairs / _running gauges
    groundcheck_queue_rejected_total / groundcheck_timeouts_total counters

Routes are labelled by their template (a fixed set), never by the raw path, so a scan of
random URLs cannot grow the series without bound.
"""

from __future__ import annotations

import bisect
import threading
import time
from typing import Any

from ..types import LABELS

LATENCY_BUCKETS: tuple[float, ...] = (0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0)
ROUTES: frozenset[str] = frozenset({"/", "/v1/check", "/v1/batch", "/healthz", "/metrics", "/docs", "/openapi.json"})


def route_label(path: str) -> str:
    if path in ROUTES:
        return path
    if path.startswith("/docs"):
        return "/docs"
    return "other"


class _Histogram:
    __slots__ = ("buckets", "counts", "sum", "count")

    def __init__(self, buckets: tuple[float, ...]) -> None:
        self.buckets = buckets
        self.counts = [0] * len(buckets)
        self.sum = 0.0
        self.count = 0

    def observe(self, v: float) -> None:
        i = bisect.bisect_left(self.buckets, v)
        if i < len(self.counts):
            self.counts[i] += 1
        self.sum += v
        self.count += 1

    def lines(self, name: str, labels: str) -> list[str]:
        out, acc = [], 0
        sep = "," if labels else ""
        for b, n in zip(self.buckets, self.counts):
            acc += n
            out.append(f'{name}_bucket{{{labels}{sep}le="{_num(b)}"}} {acc}')
        out.append(f'{name}_bucket{{{labels}{sep}le="+Inf"}} {self.count}')
        lab = f"{{{labels}}}" if labels else ""
        out.append(f"{name}_sum{lab} {_num(self.sum)}")
        out.append(f"{name}_count{lab} {self.count}")
        return out


def _num(v: float) -> str:
    return repr(float(v)) if not float(v).is_integer() else f"{v:.1f}"


def _esc(v: str) -> str:
    return v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Thread-safe counters for one app instance (kept on `app.state`, not module-global)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = time.time()
        self.requests: dict[tuple[str, str, str], int] = {}
        self.latency: dict[str, _Histogram] = {}
        self.check_seconds = _Histogram(LATENCY_BUCKETS)
        self.claims: dict[str, int] = {label: 0 for label in LABELS}
        self.errors: dict[str, int] = {}

    def observe_request(self, method: str, path: str, status: int, seconds: float) -> None:
        route = route_label(path)
        with self._lock:
            key = (method, route, str(status))
            self.requests[key] = self.requests.get(key, 0) + 1
            h = self.latency.get(route)
            if h is None:
                h = self.latency[route] = _Histogram(LATENCY_BUCKETS)
            h.observe(seconds)

    def observe_report(self, report: dict[str, Any]) -> None:
        counts = report.get("summary", {}).get("counts", {})
        total = report.get("timing", {}).get("total")
        with self._lock:
            for label, n in counts.items():
                self.claims[label] = self.claims.get(label, 0) + int(n)
            if isinstance(total, (int, float)):
                self.check_seconds.observe(float(total))

    def observe_error(self, code: str) -> None:
        with self._lock:
            self.errors[code] = self.errors.get(code, 0) + 1

    def render(self, queue: Any = None) -> str:
        lines: list[str] = []

        def head(name: str, kind: str, text: str) -> None:
            lines.append(f"# HELP {name} {text}")
            lines.append(f"# TYPE {name} {kind}")

        with self._lock:
            head("groundcheck_http_requests_total", "counter", "HTTP requests answered, by method, route and status.")
            for (m, r, s), n in sorted(self.requests.items()):
                lines.append(f'groundcheck_http_requests_total{{method="{_esc(m)}",route="{_esc(r)}",status="{s}"}} {n}')
            head("groundcheck_http_request_duration_seconds", "histogram", "Time from request to response, by route.")
            for r, h in sorted(self.latency.items()):
                lines.extend(h.lines("groundcheck_http_request_duration_seconds", f'route="{_esc(r)}"'))
            head("groundcheck_check_duration_seconds", "histogram", "Model work per checked pair (the report's timing.total).")
            lines.extend(self.check_seconds.lines("groundcheck_check_duration_seconds", ""))
            head("groundcheck_claims_total", "counter", "Claims checked, by verdict label.")
            for label, n in sorted(self.claims.items()):
                lines.append(f'groundcheck_claims_total{{label="{_esc(label)}"}} {n}')
            head("groundcheck_errors_total", "counter", "Error answers, by groundcheck error code.")
            for code, n in sorted(self.errors.items()):
                lines.append(f'groundcheck_errors_total{{code="{_esc(code)}"}} {n}')
        if queue is not None:
            head("groundcheck_queue_pending_pairs", "gauge", "Pairs admitted to the work queue (running or waiting).")
            lines.append(f"groundcheck_queue_pending_pairs {queue.pending}")
            head("groundcheck_queue_capacity_pairs", "gauge", "Most pairs the work queue admits before answering 429.")
            lines.append(f"groundcheck_queue_capacity_pairs {queue.capacity}")
            head("groundcheck_queue_running", "gauge", "Jobs running on worker threads now.")
            lines.append(f"groundcheck_queue_running {queue.running}")
            head("groundcheck_queue_rejected_total", "counter", "Requests refused with 429 because the queue was full.")
            lines.append(f"groundcheck_queue_rejected_total {queue.rejected}")
            head("groundcheck_timeouts_total", "counter", "Requests stopped at their time limit (504).")
            lines.append(f"groundcheck_timeouts_total {queue.timed_out}")
        head("groundcheck_process_start_time_seconds", "gauge", "Start time of the server, in Unix seconds.")
        lines.append(f"groundcheck_process_start_time_seconds {_num(self.started)}")
        return "\n".join(lines) + "\n"
