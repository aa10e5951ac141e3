"""The command line as a user meets it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from groundcheck.cli import app

EX = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "groundcheck.cli", *args], input=input, capture_output=True, timeout=300
    )


@pytest.fixture(scope="module")
def seed_json():
    r = runner.invoke(app, ["check", str(EX / "source.txt"), str(EX / "rewrite.txt"), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_json_output_on_the_example(seed_json):
    assert seed_json["schema"] == "groundcheck.report/1"
    labels = {c["label"] for c in seed_json["claims"]}
    assert labels == {"supported", "contradicted", "unsupported"}
    assert seed_json["coverage"][0]["source"] == "source.txt"


def test_fail_on_sets_exit_code(tmp_path):
    r = runner.invoke(app, ["check", str(EX / "source.txt"), str(EX / "rewrite.txt"), "--format", "json", "--fail-on", "contradicted"])
    assert r.exit_code == 1
    src = tmp_path / "s.txt"
    src.write_text("The council approved the new budget on Tuesday after a long debate.", "utf-8")
    der = tmp_path / "d.txt"
    der.write_text("The council approved the new budget on Tuesday.", "utf-8")
    r = runner.invoke(app, ["check", str(src), str(der), "--fail-on", "contradicted"])
    assert r.exit_code == 0, r.output


def test_text_view_marks_every_claim(tmp_path):
    r = runner.invoke(app, ["check", str(EX / "source.txt"), str(EX / "rewrite.txt")])
    assert r.exit_code == 0
    assert "[x]" in r.stdout and "[?]" in r.stdout and "[+]" in r.stdout
    assert "Chinese Foreign Minister Wang Yi" in r.stdout


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        (b"", "GC101", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00", "GC103", "binary"),
        ("Caf\u00e9 owners protested against the new tax in Paris.".encode("latin-1"), "GC102", "UTF-8"),
    ],
)
def test_bad_source_files_give_one_line_errors(tmp_path, content, code, fragment):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = run("check", str(bad), str(EX / "rewrite.txt"))
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.startswith(f"[{code}]") and fragment in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_file_and_missing_argument():
    r = run("check", "/nonexistent/source.txt", str(EX / "rewrite.txt"))
    assert r.returncode == 2 and r.stderr.decode().startswith("[GC108]")
    r = run("check", str(EX / "source.txt"))
    assert r.returncode == 2 and b"Traceback" not in r.stderr


def test_huge_source_is_refused_not_truncated(tmp_path):
    big = tmp_path / "big.txt"
    sentence = "The committee met again on Monday to discuss the budget and the new road. "
    big.write_text(sentence * (5_000_000 // len(sentence) + 1), "utf-8")
    r = run("check", str(big), str(EX / "rewrite.txt"))
    assert r.returncode == 2
    assert r.stderr.decode().startswith("[GC105]") and "--max-source-chars" in r.stderr.decode()


def test_derived_text_without_sentences(tmp_path):
    d = tmp_path / "d.txt"
    d.write_text("(Image: AP)\n", "utf-8")
    r = runner.invoke(app, ["check", str(EX / "source.txt"), str(d)])
    assert r.exit_code == 2
    assert "[GC106]" in r.stderr


def test_stdin_for_the_derived_text():
    r = run("check", str(EX / "source.txt"), "-", "--format", "json", input=(EX / "rewrite.txt").read_bytes())
    assert r.returncode == 0, r.stderr.decode()
    assert json.loads(r.stdout)["derived"]["id"] == "stdin"


def test_several_sources(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("The mayor opened the new bridge on Monday.", "utf-8")
    b.write_text("The bridge cost 40 million euros and took three years to build.", "utf-8")
    d = tmp_path / "d.txt"
    d.write_text("The mayor opened the new bridge on Monday. It cost 40 million euros.", "utf-8")
    r = runner.invoke(app, ["check", str(a), str(b), str(d), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [c["source"] for c in out["coverage"]] == ["a.txt", "b.txt"]
    assert [c["label"] for c in out["claims"]] == ["supported", "supported"]
    assert {e["source"] for c in out["claims"] for e in c["evidence"][:1]} == {"a.txt", "b.txt"}
