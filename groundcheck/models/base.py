"""The seams between the pipeline and its models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..types import NLIScores


@runtime_checkable
class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised embeddings, one row per text (float32)."""
        ...


@runtime_checkable
class Scorer(Protocol):
    """An entailment model: for each (premise, hypothesis) pair, P(entail / neutral / contradict)."""

    name: str

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NLIScores]:
        ...
