"""`groundcheck report` on a hand-made batch output, and the batch command's input errors.
No models load here."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from groundcheck.cli import app

runner = CliRunner()


def _rep(sup, con, uns, types, secs=0.1):
    return {
        "summary": {"claims": sup + con + uns, "counts": {"supported": sup, "contradicted": con, "unsupported": uns}, "error_types": types, "faithfulness": 0.8},
        "timing": {"total": secs},
    }


@pytest.fixture()
def results(tmp_path):
    rows = [
        {"id": "a", "outlet": "wire", "model": "m1", "report": _rep(3, 1, 0, {"number": 1}, 0.4)},
        {"id": "b", "outlet": "wire", "model": "m2", "report": _rep(4, 0, 0, {})},
        {"id": "c", "outlet": "blog", "model": "m2", "report": _rep(1, 1, 2, {"entity": 1, "extrinsic": 2}, 0.2)},
        {"id": "line 4", "error": {"code": "GC109", "message": "Batch line 4: bad.", "detail": {}}},
    ]
    p = tmp_path / "out.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return p


def test_report_text_by_field(results):
    r = runner.invoke(app, ["report", str(results), "--by", "outlet"])
    assert r.exit_code == 0, r.output
    out = r.output
    assert "Rates by outlet" in out and "wire" in out and "blog" in out and "(none)" in out
    assert "pairs with a contradicted claim" in out and "2 (66.7%)" in out
    assert "Error types by outlet" in out and "extrinsic" in out


def test_report_json(results):
    r = runner.invoke(app, ["report", str(results), "--by", "model", "--by", "outlet", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["overall"]["pairs"] == 4 and data["overall"]["claims"] == 12
    assert data["overall"]["pairs_with_contradiction_share"] == round(2 / 3, 4)
    assert data["by"]["model"]["m2"]["claims"] == 8 and data["by"]["model"]["m2"]["label_share"]["unsupported"] == 0.25
    assert data["by"]["outlet"]["wire"]["pairs_with_contradiction"] == 1
    assert data["overall"]["slowest"][0] == {"id": "a", "seconds": 0.4, "claims": 4}


def test_report_unknown_field_is_exit_2(results):
    r = runner.invoke(app, ["report", str(results), "--by", "publisher"])
    assert r.exit_code == 2
    assert "[GC201] Unknown field 'publisher'; choose one of: model, outlet" in r.output
    assert "Traceback" not in r.output


def test_report_not_a_batch_output(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"hello": 1}\n')
    r = runner.invoke(app, ["report", str(p)])
    assert r.exit_code == 2 and "[GC109]" in r.output and "not a batch output" in r.output
    r = runner.invoke(app, ["report", str(tmp_path / "missing.jsonl")])
    assert r.exit_code == 2 and "[GC108]" in r.output


def test_report_plot_writes_pngs(results, tmp_path):
    pytest.importorskip("matplotlib")
    r = runner.invoke(app, ["report", str(results), "--by", "outlet", "--plot", str(tmp_path / "plots")])
    assert r.exit_code == 0, r.output
    pngs = sorted(p.name for p in (tmp_path / "plots").iterdir())
    assert pngs == ["by-outlet-error-types.png", "by-outlet-labels.png"]
    assert (tmp_path / "plots" / "by-outlet-labels.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_batch_input_errors_are_coded_and_exit_2(tmp_path):
    r = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 2 and "[GC108]" in r.output and "no such file" in r.output and "Traceback" not in r.output
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "source": "s", "derived": "d"}\n')
    r = runner.invoke(app, ["batch", str(p), "-o", str(tmp_path / "o.jsonl"), "--address", "ray://127.0.0.1:10001"])
    assert r.exit_code == 2 and "--engine ray" in r.output


def test_batch_refuses_a_second_run_on_the_same_output(tmp_path):
    from groundcheck.store import ResultStore, default_store_path

    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "source": "s", "derived": "d"}\n')
    out = tmp_path / "o.jsonl"
    with ResultStore(default_store_path(out)):
        r = runner.invoke(app, ["batch", str(p), "-o", str(out), "--no-progress"])
    assert r.exit_code == 2 and "[GC108]" in r.output and "still running" in r.output


def test_batch_output_folder_must_exist(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "a", "source": "s", "derived": "d"}\n')
    r = runner.invoke(app, ["batch", str(p), "-o", str(tmp_path / "no" / "such" / "o.jsonl")])
    assert r.exit_code == 2 and "[GC108]" in r.output and "does not exist" in r.output
