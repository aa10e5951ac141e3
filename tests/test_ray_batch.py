"""The Ray engine on a local Ray that this test starts (127.0.0.1 only), compared row by row with
the local engine's output. Skipped where ray is not installed (pip install 'groundcheck[ray]')."""

from __future__ import annotations

import json
import os

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, on start-up

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from groundcheck.batch import InProcessEngine, PairsInput, read_results, run_batch  # noqa: E402
from groundcheck.ray_batch import RayEngine  # noqa: E402
from groundcheck.store import ResultStore, default_store_path  # noqa: E402

from test_batch_models import _read, _write, make_pairs, strip_timing  # noqa: E402


@pytest.fixture(scope="module")
def local_ray():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(address="local", num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False, logging_level="error")
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_engine_matches_local_engine_row_by_row(tmp_path, checker, local_ray):
    rows = make_pairs(5, seed=7) + ["{oops", {"id": "p0001", "source": "Again.", "derived": "Again."}]
    inp = _write(tmp_path / "pairs.jsonl", rows)

    local_out = tmp_path / "local.jsonl"
    with PairsInput(str(inp)) as pairs:
        run_batch(pairs, str(local_out), InProcessEngine(checker=checker), settings=checker.settings)

    ray_out = tmp_path / "ray.parquet"
    engine = RayEngine(checker.settings.model_dump(mode="json"), actors=1, batch_size=2)
    assert "local Ray, 1 actor" in engine.description
    with PairsInput(str(inp)) as pairs, ResultStore(default_store_path(ray_out)) as st:
        outcome = run_batch(pairs, str(ray_out), engine, settings=checker.settings, store=st)
    assert outcome.checked == 5 and local_ray.is_initialized()  # a Ray it did not start is left running

    local_rows = strip_timing(_read(local_out))
    ray_rows = strip_timing(read_results(str(ray_out)))
    assert [r["id"] for r in ray_rows] == ["p0000", "p0001", "p0002", "p0003", "p0004", "line 6", "p0001"]
    assert len(ray_rows) == len(local_rows)
    for a, b in zip(ray_rows, local_rows):
        assert a == b, a["id"]
    assert json.loads(json.dumps(ray_rows[0]))["report"]["summary"]["claims"] >= 1
