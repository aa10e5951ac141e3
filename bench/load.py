"""Load check for `groundcheck serve` (loopback only, bounded in time).

Starts its own server (a subprocess on 127.0.0.1 and a free port), then:

1. closed loop: 1, 4 and 16 concurrent clients post the seed pair for --phase-seconds each;
   requests per second and p50/p95 latency of the answered requests;
2. overload: requests arrive open-loop at 4x the sustainable rate (the best rate of step 1) for
   --overload-seconds, twice; the server must answer 429 at once (with Retry-After) for what
   does not fit its queue, not time out (504), and its memory must not keep growing from one
   round to the next. The server's RSS is sampled throughout from /proc.

Every request loop stops by itself: each phase has a fixed length, the whole run a hard limit
(--max-seconds), and every request a client timeout. Only loopback addresses are ever contacted.

    .venv/bin/python bench/load.py --queue-size 8       # under 3 minutes on 2 cores
    .venv/bin/python bench/load.py --json out/load.json --phase-seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from groundcheck.server.settings import is_loopback  # noqa: E402
from groundcheck.server.testing import free_port  # noqa: E402


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, round(q * (len(v) - 1))))
    return v[k]


def rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()

    def run(self) -> None:
        t0 = time.monotonic()
        while not self._stop.is_set():
            v = rss_mb(self.pid)
            if v is not None:
                self.samples.append((time.monotonic() - t0, v))
            self._stop.wait(self.every)

    def stop(self) -> None:
        self._stop.set()

    def window(self, since: float, until: float) -> list[float]:
        return [v for t, v in self.samples if since <= t <= until]

    def now(self) -> float:
        return self.samples[-1][0] if self.samples else 0.0


def start_server(port: int, queue_size: int, timeout_s: float, workers: int) -> subprocess.Popen:
    exe = shutil.which("groundcheck", path=str(Path(sys.executable).parent)) or shutil.which("groundcheck")
    cmd = [exe] if exe else [sys.executable, "-m", "groundcheck.cli"]
    cmd += ["serve", "--host", "127.0.0.1", "--port", str(port), "--queue-size", str(queue_size),
            "--timeout", str(timeout_s), "--workers", str(workers), "--log-level", "warning"]
    env = {k: v for k, v in os.environ.items() if k != "GROUNDCHECK_API_KEY"}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(url: str, proc: subprocess.Popen | None, limit: float = 120.0) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"the server exited during start-up:\n{proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"the server did not answer /healthz within {limit:.0f} s")


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[float, float, int, str | None]] = []  # (sent, latency, status, retry_after)

    def add(self, sent: float, latency: float, status: int, retry_after: str | None) -> None:
        with self.lock:
            self.rows.append((sent, latency, status, retry_after))


def post(client: httpx.Client, body: dict, rec: Recorder, t0: float) -> int:
    sent = time.monotonic()
    try:
        r = client.post("/v1/check", json=body)
        status, ra = r.status_code, r.headers.get("Retry-After")
    except httpx.TimeoutException:
        status, ra = -1, None  # the client gave up
    except httpx.HTTPError:
        status, ra = -2, None  # connection error
    rec.add(sent - t0, time.monotonic() - sent, status, ra)
    return status


def closed_loop(url: str, body: dict, clients: int, seconds: float, client_timeout: float) -> dict:
    rec = Recorder()
    t0 = time.monotonic()
    stop_at = t0 + seconds

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=client_timeout) as c:
            while time.monotonic() < stop_at:
                status = post(c, body, rec, t0)
                if status == 429:  # honour back-pressure as a well-behaved client would
                    time.sleep(min(2.0, max(0.0, stop_at - time.monotonic())))

    with ThreadPoolExecutor(clients) as pool:
        for _ in range(clients):
            pool.submit(client_loop)
    elapsed = time.monotonic() - t0
    ok = [lat for _, lat, s, _ in rec.rows if s == 200]
    statuses: dict[str, int] = {}
    for _, _, s, _ in rec.rows:
        statuses[str(s)] = statuses.get(str(s), 0) + 1
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "ok": len(ok),
        "rps": round(len(ok) / elapsed, 3),
        "p50_s": _r(pct(ok, 0.50)),
        "p95_s": _r(pct(ok, 0.95)),
        "statuses": statuses,
    }


def open_loop(url: str, body: dict, rate: float, seconds: float, client_timeout: float) -> dict:
    rec = Recorder()
    n = max(1, int(rate * seconds))
    t0 = time.monotonic()
    with httpx.Client(base_url=url, timeout=client_timeout, limits=httpx.Limits(max_connections=n)) as c, \
            ThreadPoolExecutor(min(n, 128)) as pool:
        for i in range(n):
            due = t0 + i / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(post, c, body, rec, t0)
    elapsed = time.monotonic() - t0
    by: dict[str, list[float]] = {}
    for _, lat, s, _ in rec.rows:
        by.setdefault(str(s), []).append(lat)
    ras = [int(ra) for _, _, s, ra in rec.rows if s == 429 and ra and ra.isdigit()]
    return {
        "rate_rps": round(rate, 3),
        "sent": n,
        "seconds": round(elapsed, 1),
        "statuses": {k: len(v) for k, v in sorted(by.items())},
        "ok_p50_s": _r(pct(by.get("200", []), 0.5)),
        "ok_p95_s": _r(pct(by.get("200", []), 0.95)),
        "rejected_p50_s": _r(pct(by.get("429", []), 0.5), 4),
        "rejected_p95_s": _r(pct(by.get("429", []), 0.95), 4),
        "retry_after_s": [min(ras), max(ras)] if ras else None,
    }


def _r(x: float | None, n: int = 3) -> float | None:
    return None if x is None else round(x, n)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="use a server already running on loopback (default: start one)")
    ap.add_argument("--phase-seconds", type=float, default=8.0)
    ap.add_argument("--overload-seconds", type=float, default=15.0)
    ap.add_argument("--overload-rounds", type=int, default=2, help="repeat the overload to see whether memory keeps growing")
    ap.add_argument("--overload-factor", type=float, default=4.0)
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--queue-size", type=int, default=16, help="for the server this script starts")
    ap.add_argument("--timeout", type=float, default=60.0, help="the server's per-request limit")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--max-seconds", type=float, default=240.0, help="hard limit for the whole run")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    hard_stop = time.monotonic() + args.max_seconds

    def _too_long(*_):
        raise SystemExit(f"stopped at --max-seconds={args.max_seconds:g}")

    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(int(args.max_seconds) + 1)

    source = (ROOT / "examples" / "source.txt").read_text("utf-8")
    derived = (ROOT / "examples" / "rewrite.txt").read_text("utf-8")
    body = {"source": source, "derived": derived}
    client_timeout = args.timeout + 30

    proc = None
    t = time.monotonic()
    if args.url:
        host = httpx.URL(args.url).host
        if not is_loopback(host):
            raise SystemExit(f"refusing {args.url}: this load check only targets loopback addresses")
        url = args.url.rstrip("/")
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_server(port, args.queue_size, args.timeout, args.workers)
    try:
        wait_ready(url, proc)
        startup = round(time.monotonic() - t, 1) if proc else None
        sampler = RssSampler(proc.pid) if proc else None
        if sampler:
            sampler.start()
        health = httpx.get(url + "/healthz").json()
        for _ in range(2):  # warm-up: first calls pay one-off costs
            httpx.post(url + "/v1/check", json=body, timeout=client_timeout).raise_for_status()
        results: dict = {
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "server": {"queue_size": health["queue"]["capacity_pairs"], "workers": health["queue"]["workers"],
                       "request_timeout_s": health["limits"]["request_timeout_s"], "startup_s": startup},
            "pair": {"source_chars": len(source), "derived_chars": len(derived)},
            "closed_loop": [],
        }
        for c in [int(x) for x in args.clients.split(",")]:
            if time.monotonic() + args.phase_seconds > hard_stop:
                break
            row = closed_loop(url, body, c, args.phase_seconds, client_timeout)
            results["closed_loop"].append(row)
            print(f"{c:>3} clients: {row['rps']:.2f} req/s, p50 {row['p50_s']} s, p95 {row['p95_s']} s, statuses {row['statuses']}", flush=True)
        sustainable = max((r["rps"] for r in results["closed_loop"]), default=1.0)
        results["sustainable_rps"] = sustainable

        rounds = []
        for k in range(args.overload_rounds):
            if time.monotonic() + args.overload_seconds > hard_stop:
                break
            mem_before = rss_mb(proc.pid) if proc else None
            t_start = sampler.now() if sampler else 0.0
            over = open_loop(url, body, args.overload_factor * sustainable, args.overload_seconds, client_timeout)
            t_end = sampler.now() if sampler else 0.0
            # let the admitted work finish, then look at memory again
            drain_end = time.monotonic() + args.timeout
            while time.monotonic() < drain_end and httpx.get(url + "/healthz").json()["queue"]["pending_pairs"] > 0:
                time.sleep(0.5)
            time.sleep(1.0)
            if sampler:
                during = sampler.window(t_start, t_end)
                over["rss_mb"] = {
                    "before": _r(mem_before, 1),
                    "peak_during": _r(max(during), 1) if during else None,
                    "after_drain": _r(rss_mb(proc.pid), 1),
                }
            rounds.append(over)
            print(f"overload round {k + 1} at {over['rate_rps']} req/s ({args.overload_factor:g}x): statuses {over['statuses']}, "
                  f"429 p95 {over['rejected_p95_s']} s, Retry-After {over['retry_after_s']}, RSS {over.get('rss_mb')}", flush=True)
        metrics = httpx.get(url + "/metrics").text
        results["overload"] = rounds
        results["server_counters"] = {
            line.split()[0]: float(line.split()[1])
            for line in metrics.splitlines()
            if line.startswith(("groundcheck_queue_rejected_total", "groundcheck_timeouts_total"))
        }
        if sampler:
            sampler.stop()
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        signal.alarm(0)

    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    ok = all(r["statuses"].get("504", 0) == 0 and r["statuses"].get("-1", 0) == 0 for r in results["overload"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
