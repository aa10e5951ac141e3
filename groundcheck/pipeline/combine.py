"""Turn a claim's signals into P(supported): a logistic model whose weights are fitted by
`scripts/fit_combiner.py` and stored as JSON in `groundcheck/resources/`.

The features are few and named so that the fitted weights can be read and sanity-checked.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

FEATURES: tuple[str, ...] = (
    "cos",  # embedding similarity of the claim to its best passage
    "coverage",  # IDF-weighted share of claim words found in the best passage
    "coverage_all",  # ... found in the union of the top passages
    "novel_entities",  # named entities of the claim the source never mentions (capped)
    "novel_numbers",  # numbers of the claim that appear nowhere in the source (capped)
    "nli_entail",  # the NLI model's best P(entail) over the passages (0 without a model)
    "nli_contradict",  # its P(contradict) on the passage with the best P(entail)
    "has_nli",  # 1 when an NLI model ran, so one weight file serves both modes
    "coverage_doc",  # ... found anywhere in the sources (a claim of words the source never uses is extrinsic)
    "ctx_entail",  # the NLI model's P(entail) with the claim's joined evidence context as premise
    "ctx_contradict",  # its P(contradict) on that context
)


@dataclass(frozen=True)
class Combiner:
    name: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    temperature: float = 1.0

    def p_supported(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * float(features.get(k, 0.0)) for k in FEATURES)
        z /= max(self.temperature, 1e-6)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def with_profile(self, path: str | Path) -> "Combiner":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            threshold = float(data["threshold"])
            temperature = float(data.get("temperature", 1.0))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError("GC203", path=str(path), reason=str(exc)) from None
        if not (0.0 < threshold < 1.0) or temperature <= 0:
            raise ConfigError("GC203", path=str(path), reason="threshold must be in (0, 1), temperature > 0")
        return Combiner(self.name, self.weights, self.bias, threshold, temperature)

    @classmethod
    def from_json(cls, data: dict) -> "Combiner":
        return cls(
            name=str(data.get("name", "combiner")),
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data.get("threshold", 0.5)),
        )

    @classmethod
    def packaged(cls, mode: str) -> "Combiner":
        """The fitted combiner for `mode` ("heuristic" or "nli")."""
        text = resources.files("groundcheck.resources").joinpath(f"combiner-{mode}.json").read_text("utf-8")
        return cls.from_json(json.loads(text))
