"""Back-pressure and time limits over real HTTP: a full queue answers 429 with Retry-After at
once, a request past its time limit answers 504, and the queue drains afterwards (nothing piles
up). The Checker is wrapped in a gate the test opens, so the timing is deterministic."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("fastapi", reason="the server extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the server extra (fastapi, uvicorn) is not installed")
httpx = pytest.importorskip("httpx")

from groundcheck.server import ServerSettings, create_app  # noqa: E402
from groundcheck.server.errors import ServerError  # noqa: E402
from groundcheck.server.testing import serve_in_thread  # noqa: E402
from groundcheck.server.work import Deadline, bounded  # noqa: E402

TIMEOUT_S = 3.0


class GatedChecker:
    """Blocks each check until the test opens the gate (or 20 s pass), then runs the real one."""

    def __init__(self, real) -> None:
        self.real = real
        self.gate = threading.Event()
        self.entered = threading.Semaphore(0)
        self.finished = 0

    def check(self, *args, **kwargs):
        self.entered.release()
        self.gate.wait(20)
        try:
            return self.real.check(*args, **kwargs)
        finally:
            self.finished += 1


@pytest.fixture(scope="module")
def gated(checker):
    return GatedChecker(checker)


@pytest.fixture(scope="module")
def base_url(gated):
    settings = ServerSettings(queue_size=2, workers=1, max_batch_pairs=2, request_timeout_s=TIMEOUT_S)
    with serve_in_thread(create_app(settings, checker=gated)) as url:
        yield url
        gated.gate.set()


def _pending(url: str) -> int:
    return httpx.get(url + "/healthz").json()["queue"]["pending_pairs"]


def _wait_pending(url: str, n: int, within: float = 15.0) -> None:
    end = time.monotonic() + within
    while _pending(url) != n:
        assert time.monotonic() < end, f"queue never reached {n} pending pairs (now {_pending(url)})"
        time.sleep(0.05)


def test_full_queue_answers_429_then_504_then_drains(base_url, gated, seed_texts):
    source, derived = seed_texts
    gated.gate.clear()
    body = {"source": source, "derived": derived}
    with ThreadPoolExecutor(2) as pool, httpx.Client(base_url=base_url, timeout=30) as client:
        first = pool.submit(client.post, "/v1/check", json=body)
        assert gated.entered.acquire(timeout=10), "the first request never reached the checker"
        second = pool.submit(client.post, "/v1/check", json=body)
        _wait_pending(base_url, 2)  # one running (held at the gate), one waiting

        t0 = time.monotonic()
        third = client.post("/v1/check", json=body)
        assert time.monotonic() - t0 < 1.0, "a full queue must refuse at once, not wait"
        assert third.status_code == 429
        assert third.json()["code"] == "GC603"
        assert int(third.headers["Retry-After"]) >= 1
        assert third.json()["detail"]["capacity"] == 2

        batch = client.post("/v1/batch", json={"pairs": [body, body]})
        assert batch.status_code == 429 and batch.json()["code"] == "GC603"

        for fut in (first, second):
            r = fut.result(timeout=30)
            assert r.status_code == 504
            assert r.json()["code"] == "GC604"
            assert r.json()["detail"]["limit"] == TIMEOUT_S

    # the waiting job was cancelled when its request timed out; only the running one holds a slot
    _wait_pending(base_url, 1)
    gated.gate.set()
    _wait_pending(base_url, 0)
    metrics = httpx.get(base_url + "/metrics").text
    assert "groundcheck_queue_rejected_total 2" in metrics
    assert "groundcheck_timeouts_total 2" in metrics
    assert 'groundcheck_errors_total{code="GC603"} 2' in metrics


def test_after_the_overload_requests_succeed_again(base_url, gated):
    gated.gate.set()
    small = {
        "source": "Chinese Foreign Minister Wang Yi met Antony Blinken in Beijing on Friday.",
        "derived": "US Secretary of State Wang Yi met Antony Blinken in Beijing.",
    }
    r = httpx.post(base_url + "/v1/check", json=small, timeout=30)
    if r.status_code == 504:  # a very slow machine: the limit here is deliberately tight
        pytest.skip("a one-sentence pair took longer than the test server's 3 s limit on this machine")
    assert r.status_code == 200
    assert len(r.json()["claims"]) >= 1


def test_deadline_stops_a_running_check_between_stages(checker, seed_texts):
    before = list(checker.stages)
    guarded = bounded(checker, Deadline(0.0))
    with pytest.raises(ServerError) as info:
        guarded.check(*seed_texts)
    assert info.value.code == "GC604" and info.value.status == 504
    assert info.value.stage == checker.stages[0][0]  # stopped before the first stage ran
    assert checker.stages == before  # the shared Checker is untouched


def test_bounded_applies_per_request_settings_without_reloading(checker):
    c = bounded(checker, Deadline(60), {"evidence_k": 1, "allow_any_language": True})
    assert c.models is checker.models
    assert c.settings.evidence_k == 1 and c.settings.allow_any_language is True
    assert checker.settings.evidence_k != 1 or checker.settings.allow_any_language is False


def test_admission_also_bounded_by_time():
    """With a slow measured pace, the queue admits only what can finish within the deadline."""
    import asyncio

    from groundcheck.server.work import WorkQueue

    q = WorkQueue(capacity=10, workers=1, initial_seconds_per_pair=2.0)
    gate = threading.Event()

    async def scenario():
        first = asyncio.ensure_future(q.run(lambda d: gate.wait(5), deadline=Deadline(5.0)))
        await asyncio.sleep(0.05)
        second = asyncio.ensure_future(q.run(lambda d: 2, deadline=Deadline(5.0)))  # 2 pairs x 2 s <= 5 s
        await asyncio.sleep(0.05)
        with pytest.raises(ServerError) as info:  # 3 pairs x 2 s > 5 s, though the queue holds 10
            await q.run(lambda d: 3, deadline=Deadline(5.0))
        assert info.value.code == "GC603" and info.value.status == 429
        assert int(info.value.headers["Retry-After"]) >= 2
        gate.set()
        return await first, await second

    try:
        # a thread of its own: another test's library may keep an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            assert pool.submit(asyncio.run, scenario()).result(timeout=30) == (True, 2)
        assert q.pending == 0 and q.rejected == 1
    finally:
        gate.set()
        q.close()
