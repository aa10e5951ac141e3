"""Batch plumbing without models: parsing, planning, the store, run_batch, summaries, progress.

A stub checker stands in for the models here (these tests are about order, resumption and
bookkeeping); tests/test_batch_models.py runs the real models.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys

import pytest

from groundcheck.batch import (
    InProcessEngine,
    PairsInput,
    error_row,
    parse_rows,
    plan_batch,
    read_results,
    resolve_settings,
    row_hash,
    run_batch,
    settings_fingerprint,
)
from groundcheck.errors import InputError
from groundcheck.store import ResultStore, default_store_path, read_done_ids
from groundcheck.summary import summarize, summarize_by


class StubReport:
    def __init__(self, d):
        self.d = d

    def to_dict(self):
        return self.d


class StubChecker:
    """Deterministic fake: 'wrong' in the derived text gives a contradicted claim, 'FAIL' an error."""

    def __init__(self):
        self.calls: list[str] = []

    def check(self, source, derived):
        self.calls.append(derived)
        if "FAIL" in derived:
            raise InputError("GC101", what="the derived text")
        if "BUG" in derived:
            raise ZeroDivisionError("boom")
        bad = int("wrong" in derived)
        return StubReport(
            {
                "summary": {
                    "claims": 2,
                    "counts": {"supported": 2 - bad, "contradicted": bad, "unsupported": 0},
                    "error_types": {"number": bad} if bad else {},
                    "faithfulness": 1.0 - 0.5 * bad,
                },
                "timing": {"total": len(derived) / 100},
                "echo": [source, derived],
            }
        )


def _write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def _pairs(n=6):
    return [{"id": f"r{i}", "source": f"Source text {i}.", "derived": f"Derived {i}" + (" wrong" if i % 3 == 0 else ""), "model": "ab"[i % 2]} for i in range(n)]


@pytest.fixture()
def settings():
    return resolve_settings({})


def _run(tmp_path, rows, settings, *, checker=None, store=True, output=None, **kw):
    inp = _write(tmp_path / "in.jsonl", rows)
    out = output or str(tmp_path / "out.jsonl")
    checker = checker or StubChecker()
    with PairsInput(str(inp)) as pairs:
        st = ResultStore(default_store_path(out)) if store else None
        try:
            outcome = run_batch(pairs, out, InProcessEngine(checker=checker), settings=settings, store=st, **kw)
        finally:
            if st:
                st.close()
    return outcome, checker, out


def _lines(path):
    return [json.loads(x) for x in open(path, encoding="utf-8")]


# --- parsing and planning --------------------------------------------------------------------


def test_parse_rows_bytes_bad_utf8_and_reserved_fields():
    lines = [
        json.dumps({"id": 7, "source": "a", "derived": "b", "model": "m"}).encode(),
        b'{"id": "x", "source": "caf\xe9", "derived": "b"}\n',
        json.dumps({"id": "y", "source": "a", "derived": "b", "report": 1}).encode(),
        b"   \n",
        json.dumps({"id": True, "source": "a", "derived": "b"}).encode(),
    ]
    items = list(parse_rows(lines))
    assert items[0].id == "7" and items[0].extra == {"model": "m"}
    assert isinstance(items[1], InputError) and items[1].code == "GC102" and "line 2" in str(items[1])
    assert isinstance(items[2], InputError) and "reserved" in items[2].message
    assert len(items) == 4 and isinstance(items[3], InputError) and "'id'" in items[3].message
    assert error_row(items[1])["id"] == "line 2"


def test_plan_duplicates_and_hashes(settings):
    fp = settings_fingerprint(settings)
    rows = [json.dumps(r) for r in [{"id": "a", "source": "s", "derived": "d"}, {"id": "b", "source": "s", "derived": "d"}, {"id": "a", "source": "s2", "derived": "d", "k": 1}, "{bad"]]
    plan = plan_batch(rows, fp)
    assert [e.id for e in plan.entries] == ["a", "b", "a", "line 4"]
    dup = plan.entries[2]
    assert dup.hash is None and dup.error["error"]["code"] == "GC109" and "duplicate id 'a' (first on line 1)" in dup.error["error"]["message"]
    assert dup.error["k"] == 1  # the duplicate's extra fields stay on its error row (for report --by)
    assert plan.extra_fields == ("k",)
    assert [e.index for e in plan.checkable] == [0, 1]
    with pytest.raises(InputError):
        plan_batch(rows, fp, fail_fast=True)


def test_row_hash_covers_content_extra_fields_and_settings(settings):
    (row,) = parse_rows([json.dumps({"id": "a", "source": "s", "derived": "d", "m": 1})])
    fp = settings_fingerprint(settings)
    h = row_hash(row, fp)
    for changed in ({"derived": "d2"}, {"source": ["s", "t"]}, {"m": 2}):
        (other,) = parse_rows([json.dumps({"id": "a", "source": "s", "derived": "d", "m": 1, **changed})])
        assert row_hash(other, fp) != h
    assert row_hash(row, settings_fingerprint(resolve_settings({"evidence_k": 5}))) != h
    assert settings_fingerprint(resolve_settings({"threads": 3})) == fp  # threads do not change reports


# --- the store -------------------------------------------------------------------------------


def test_store_roundtrip_lock_fresh_and_retain(tmp_path):
    p = tmp_path / "o.jsonl.gcstore.sqlite"
    with ResultStore(p) as st:
        st.put("a", "h1", {"id": "a", "report": {"timing": {"total": 0.5}}})
        st.put("b", "h2", {"id": "b", "error": {"code": "GC101"}})
        assert st.get("a", "h1")["id"] == "a" and st.get("a", "other") is None
        assert st.done_keys() == {("a", "h1"), ("b", "h2")}
        assert st.done_keys(include_errors=False) == {("a", "h1")}
        with pytest.raises(InputError) as e:
            ResultStore(p)  # a second writer is refused while the first holds the lock
        assert e.value.code == "GC108" and "still running" in e.value.message
        assert read_done_ids(p) == {"a", "b"}  # readers are not blocked
        assert st.retain([("a", "h1")]) == 1 and st.count() == 1
        assert sqlite3.connect(p).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with ResultStore(p, fresh=True) as st:
        assert st.count() == 0


def test_store_not_sqlite_is_a_coded_error(tmp_path):
    p = tmp_path / "junk.sqlite"
    p.write_text("this is not a database, " * 100)
    with pytest.raises(InputError) as e:
        ResultStore(p)
    assert e.value.code == "GC108" and "--fresh" in e.value.message


# --- run_batch -------------------------------------------------------------------------------


def test_run_batch_order_errors_and_summary(tmp_path, settings):
    rows = _pairs(6) + ["not json", {"id": "r1", "source": "dup", "derived": "dup"}, {"id": "f", "source": "s", "derived": "FAIL"}, {"id": "g", "source": "s", "derived": "BUG"}]
    outcome, checker, out = _run(tmp_path, rows, settings)
    got = _lines(out)
    assert [r["id"] for r in got] == ["r0", "r1", "r2", "r3", "r4", "r5", "line 7", "r1", "f", "g"]
    assert got[0]["model"] == "a" and got[0]["report"]["echo"] == [["Source text 0."], "Derived 0 wrong"]
    assert got[6]["error"]["code"] == "GC109" and got[7]["error"]["code"] == "GC109"
    assert got[8]["error"]["code"] == "GC101"
    assert got[9]["error"]["code"] == "GC500" and "ZeroDivisionError" in got[9]["error"]["message"]
    assert len(checker.calls) == 8
    s = outcome.summary
    assert (s.pairs, s.checked, s.errors, s.claims) == (10, 6, 4, 12)
    assert s.pairs_contradicted == 2 and s.error_codes == {"GC101": 1, "GC109": 2, "GC500": 1}
    assert outcome.checked == 8 and outcome.resumed == 0 and outcome.errors == 4


def test_run_batch_resumes_and_rechecks_changed_rows(tmp_path, settings):
    rows = _pairs(6)
    first, _, out = _run(tmp_path, rows, settings)
    before = _lines(out)
    again, checker, _ = _run(tmp_path, rows, settings)
    assert checker.calls == [] and again.resumed == 6 and _lines(out) == before
    rows[2]["derived"] = "Changed wrong"
    rows[4]["model"] = "c"
    third, checker, _ = _run(tmp_path, rows, settings)
    assert checker.calls == ["Changed wrong", "Derived 4"] and third.resumed == 4
    after = _lines(out)
    assert after[2]["report"]["echo"][1] == "Changed wrong" and after[4]["model"] == "c"
    with ResultStore(default_store_path(out)) as st:
        assert st.count() == 6  # the stale results of the changed rows were dropped


def test_run_batch_retry_errors(tmp_path, settings):
    rows = [{"id": "a", "source": "s", "derived": "FAIL"}, {"id": "b", "source": "s", "derived": "ok"}]
    _run(tmp_path, rows, settings)
    _, checker, _ = _run(tmp_path, rows, settings)
    assert checker.calls == []
    _, checker, _ = _run(tmp_path, rows, settings, retry_errors=True)
    assert checker.calls == ["FAIL"]


def test_run_batch_fail_fast_keeps_committed_results_and_no_output(tmp_path, settings):
    rows = [{"id": "a", "source": "s", "derived": "ok"}, {"id": "b", "source": "s", "derived": "FAIL"}, {"id": "c", "source": "s", "derived": "ok"}]
    with pytest.raises(InputError) as e:
        _run(tmp_path, rows, settings, fail_fast=True)
    assert e.value.code == "GC109" and "GC101" in e.value.message
    out = tmp_path / "out.jsonl"
    assert not out.exists() and not list(tmp_path.glob("out.jsonl.tmp-*"))
    assert read_done_ids(default_store_path(out)) == {"a", "b"}


def test_run_batch_to_stdout_without_store_streams_in_order(tmp_path, settings, monkeypatch):
    buf = io.StringIO()
    monkeypatch.setattr(sys, "stdout", buf)
    outcome, _, _ = _run(tmp_path, _pairs(4) + ["{"], settings, store=False, output="-")
    ids = [json.loads(x)["id"] for x in buf.getvalue().splitlines()]
    assert ids == ["r0", "r1", "r2", "r3", "line 5"] and outcome.rows == 5


def test_run_batch_parquet_in_and_out(tmp_path, settings):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = _pairs(5)
    rows[1].pop("model")
    pq.write_table(pa.Table.from_pylist([{**r, "model": r.get("model")} for r in rows]), tmp_path / "in.parquet")
    out = str(tmp_path / "out.parquet")
    with PairsInput(str(tmp_path / "in.parquet")) as pairs, ResultStore(default_store_path(out)) as st:
        run_batch(pairs, out, InProcessEngine(checker=StubChecker()), settings=settings, store=st)
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == ["r0", "r1", "r2", "r3", "r4"]
    assert table.column("contradicted").to_pylist() == [1, 0, 0, 1, 0]
    back = list(read_results(out))
    assert back[0]["report"]["summary"]["claims"] == 2 and back[0]["model"] == "a" and "model" not in back[1]


# --- summaries -------------------------------------------------------------------------------


def test_summary_rates_and_grouping():
    def rep(sup, con, uns, types, secs):
        return {"summary": {"claims": sup + con + uns, "counts": {"supported": sup, "contradicted": con, "unsupported": uns}, "error_types": types, "faithfulness": 0.5}, "timing": {"total": secs}}

    rows = [
        {"id": "a", "src": "x", "report": rep(3, 1, 0, {"number": 1}, 0.1)},
        {"id": "b", "src": "x", "report": rep(2, 0, 2, {"extrinsic": 2}, 0.3)},
        {"id": "c", "src": "y", "report": rep(4, 0, 0, {}, 0.2)},
        {"id": "d", "error": {"code": "GC101", "message": "m"}},
    ]
    s = summarize(rows, slowest=2)
    assert (s.pairs, s.checked, s.errors, s.claims) == (4, 3, 1, 12)
    assert s.label_share("supported") == pytest.approx(9 / 12)
    assert s.error_type_share("extrinsic") == pytest.approx(2 / 12)
    assert s.contradicted_pair_share == pytest.approx(1 / 3) and s.flagged_pair_share == pytest.approx(2 / 3)
    assert [x.id for x in s.slowest] == ["b", "c"]
    d = s.to_dict()
    assert d["label_share"]["contradicted"] == round(1 / 12, 4) and d["error_codes"] == {"GC101": 1}
    overall, groups, seen = summarize_by(rows, ["src"])
    assert overall.pairs == 4 and seen == {"id", "src"}
    assert list(groups["src"]) == ["x", "y", "(none)"]
    assert groups["src"]["x"].claims == 8 and groups["src"]["(none)"].errors == 1


def test_plain_progress_lines():
    from groundcheck.batch_cli import PlainProgress

    buf = io.StringIO()
    p = PlainProgress(buf, interval=0)
    p.start(total=5, todo=3, resumed=2, engine="1 process")
    p.rejected({"id": "line 4", "error": {"code": "GC109", "message": "Batch line 4: bad."}})
    for i in range(3):
        p.advance({"id": f"r{i}", "report": {}})
    p.finish()
    text = buf.getvalue()
    assert "5 rows, 3 to check, 2 done before (resumed); 1 process" in text
    assert "line 4: [GC109] Batch line 4: bad." in text
    assert "batch: 2/3 checked (67%)" in text and "pairs/s" in text and "ETA" in text
    assert "batch: 3/3 checked in" in text


def test_import_groundcheck_and_plain_batch_do_not_import_ray_or_arrow():
    code = (
        "import sys, groundcheck, groundcheck.batch, groundcheck.store, groundcheck.summary, groundcheck.cli;"
        "bad = [m for m in ('ray', 'pyarrow', 'matplotlib', 'pandas') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
