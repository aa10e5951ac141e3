"""Shared fixtures. Real models load once per test session (about 6 s) and are reused."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def checker():
    from groundcheck import Checker

    return Checker()


@pytest.fixture(scope="session")
def seed_texts() -> tuple[str, str]:
    return (EXAMPLES / "source.txt").read_text("utf-8"), (EXAMPLES / "rewrite.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def seed_report(checker, seed_texts):
    return checker.check(*seed_texts)


@pytest.fixture
def pickled_copy(tmp_path):
    """Makes a copy of a model directory whose weights exist only as a (fake) pickle."""

    def make(model_dir: Path) -> Path:
        d = tmp_path / "pickled"
        d.mkdir()
        shutil.copy(model_dir / "config.json", d / "config.json")
        (d / "pytorch_model.bin").write_bytes(b"not really a pickle")
        return d

    return make
