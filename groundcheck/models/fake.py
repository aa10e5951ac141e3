"""Deterministic stand-ins for the models, for plumbing tests that must not load weights."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from ..pipeline.lexical import content_stems
from ..types import NLIScores


class HashEmbedder:
    """Bag of hashed content stems: similar wording gives similar vectors, with no model."""

    name = "fake/hash-embedder"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for s in content_stems(t):
                h = int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
                out[i, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


class OverlapScorer:
    """Entailment from word overlap: a predictable scorer for tests of the verdict logic."""

    name = "fake/overlap-scorer"

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NLIScores]:
        out = []
        for premise, hypothesis in pairs:
            h = set(content_stems(hypothesis))
            p = set(content_stems(premise))
            share = len(h & p) / len(h) if h else 1.0
            out.append(NLIScores(entail=share, neutral=1.0 - share, contradict=0.0))
        return out
