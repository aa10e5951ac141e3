"""Batch runs with models: the real ones for behaviour (the kill -9 resume test), the fake
embedder only for the worker-process plumbing."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from groundcheck.batch import InProcessEngine, PairsInput, ProcessEngine, check_many, make_checker, resolve_settings, run_batch
from groundcheck.errors import GroundcheckError
from groundcheck.store import ResultStore, default_store_path, read_done_ids

ROOT = Path(__file__).resolve().parent.parent


def _bench():
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def make_pairs(n, seed):
    return _bench().make_pairs(n, seed)


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def strip_timing(rows):
    """Reports are deterministic except for their timing."""
    out = []
    for r in rows:
        r = json.loads(json.dumps(r))
        if "report" in r:
            r["report"].pop("timing", None)
        out.append(r)
    return out


def _read(path):
    return [json.loads(x) for x in open(path, encoding="utf-8")]


def test_process_workers_match_in_process_fake_models(tmp_path):
    """Plumbing: 2 spawned workers give the same rows, in input order, as one process."""
    rows = make_pairs(6, seed=3) + ["{not json"]
    inp = _write(tmp_path / "in.jsonl", rows)
    settings = resolve_settings({"embedder": "fake"})
    full = settings.model_dump(mode="json")
    outs = {}
    for name, engine in (("one", InProcessEngine(checker=make_checker(full))), ("two", ProcessEngine(full, 2))):
        out = tmp_path / f"{name}.jsonl"
        with PairsInput(str(inp)) as pairs, ResultStore(default_store_path(out)) as st:
            run_batch(pairs, str(out), engine, settings=settings, store=st)
        outs[name] = _read(out)
    assert [r["id"] for r in outs["two"]] == [f"p{i:04d}" for i in range(6)] + ["line 7"]
    assert outs["two"][0]["report"]["models"]["embedder"] == "fake/hash-embedder"
    assert strip_timing(outs["two"]) == strip_timing(outs["one"])


def test_worker_that_cannot_load_its_models_stops_the_batch_with_its_code(tmp_path):
    inp = _write(tmp_path / "in.jsonl", make_pairs(2, seed=0))
    settings = resolve_settings({"embedder": "fake", "spacy_model": "no_such_spacy_model"})
    with PairsInput(str(inp)) as pairs, pytest.raises(GroundcheckError) as e:
        run_batch(pairs, str(tmp_path / "o.jsonl"), ProcessEngine(settings.model_dump(mode="json"), 1), settings=settings)
    assert e.value.code == "GC301" and "no_such_spacy_model" in str(e.value)


def test_in_process_batch_matches_check_many(tmp_path, checker):
    """Behaviour: run_batch's rows are check_many's rows (real models), in input order."""
    rows = make_pairs(4, seed=5) + ['{"id": "x", "source": "", "derived": "Something."}']
    inp = _write(tmp_path / "in.jsonl", rows)
    expected = strip_timing(check_many(checker, inp.read_text("utf-8").splitlines()))
    out = tmp_path / "o.jsonl"
    with PairsInput(str(inp)) as pairs:
        outcome = run_batch(pairs, str(out), InProcessEngine(checker=checker), settings=checker.settings)
    assert strip_timing(_read(out)) == expected
    assert outcome.summary.claims == sum(r["report"]["summary"]["claims"] for r in expected if "report" in r)
    assert expected[-1]["error"]["code"] == "GC101"


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigkill_part_way_then_rerun_gives_every_id_once_matching_an_uninterrupted_run(tmp_path, checker):
    n = 10
    pairs = make_pairs(n, seed=11)
    inp = _write(tmp_path / "pairs.jsonl", pairs)
    out = tmp_path / "out.jsonl"
    store = default_store_path(out)
    # the uninterrupted run, in this process with the same (real) models
    reference = strip_timing(check_many(checker, inp.read_text("utf-8").splitlines()))

    gc = str(Path(sys.executable).parent / "groundcheck")
    cmd = [gc, "batch", str(inp), "-o", str(out), "--no-progress"]
    log = open(tmp_path / "run1.log", "w+b")
    proc = subprocess.Popen(cmd + ["--workers", "2"], stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        done: set[str] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            if store.exists():
                done = read_done_ids(store)
                if len(done) >= 2:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, f"the batch ended before it could be killed: {open(tmp_path / 'run1.log').read()}"
        assert 2 <= len(done) < n, done
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        # the workers notice their parent is gone and exit by themselves
        t = time.monotonic()
        while _group_alive(proc.pid) and time.monotonic() - t < 30:
            time.sleep(0.2)
        assert not _group_alive(proc.pid), "worker processes outlived the killed batch"
    finally:
        if proc.poll() is None or _group_alive(proc.pid):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()
    assert not out.exists()  # the output is only ever written whole
    saved = read_done_ids(store)
    assert len(saved) >= 2

    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    m = re.search(r"(\d+) checked now, (\d+) from the store", r.stderr)
    assert m and int(m.group(2)) >= len(saved) and int(m.group(1)) + int(m.group(2)) == n, r.stderr
    got = _read(out)
    ids = [row["id"] for row in got]
    assert ids == [p["id"] for p in pairs] and len(set(ids)) == n  # every id exactly once, in input order
    assert strip_timing(got) == reference
