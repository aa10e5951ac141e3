"""The shipped verifier: a MiniLM cross-encoder exported to ONNX (int8), run by ONNX Runtime.

onnxruntime and tokenizers are imported in the constructor, so `import groundcheck` stays light
and a missing install fails with a hint instead of an ImportError at start-up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError, ModelNotFound, missing_dependency
from ..types import NLIScores
from .hf import nli_label_indices, scores_from_probs, sha256_file


class OnnxNLIScorer:
    def __init__(
        self, directory: str | Path, *, threads: int = 0, batch_size: int = 32, max_length: int = 256, device: str = "cpu"
    ) -> None:
        d = Path(directory)
        try:
            card = json.loads((d / "groundcheck.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelNotFound("GC301", name=str(d), reason=f"no readable groundcheck.json ({exc})", hint="") from None
        onnx_path = d / card.get("onnx", "model.onnx")
        expected = card.get("sha256")
        if expected:
            actual = sha256_file(onnx_path)
            if actual != expected:
                raise ModelError("GC302", path=str(onnx_path), actual=actual, expected=expected)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError:
            raise missing_dependency("onnxruntime", "the packaged verifier") from None
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        providers = ["CPUExecutionProvider"]
        if device.startswith("cuda") and "CUDAExecutionProvider" in ort.get_available_providers():
            providers.insert(0, "CUDAExecutionProvider")
        self.session = ort.InferenceSession(str(onnx_path), opts, providers=providers)
        self.tokenizer = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.max_length = int(card.get("max_length", max_length))
        self.tokenizer.enable_truncation(self.max_length, strategy="only_first")
        self.tokenizer.enable_padding()
        self.labels = nli_label_indices({int(k): v for k, v in card["id2label"].items()})
        self.name = card.get("name", d.name)
        self.batch_size = batch_size
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _encode(self, chunk: list[tuple[str, str]]):
        try:
            return self.tokenizer.encode_batch(chunk)
        except Exception:  # a claim longer than max_length alone: "only_first" cannot truncate it
            self.tokenizer.enable_truncation(self.max_length, strategy="longest_first")
            try:
                return self.tokenizer.encode_batch(chunk)
            finally:
                self.tokenizer.enable_truncation(self.max_length, strategy="only_first")

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[NLIScores]:
        out: list[NLIScores] = []
        for b in range(0, len(pairs), self.batch_size):
            chunk = list(pairs[b : b + self.batch_size])
            enc = self._encode(chunk)
            feed = {
                "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
            }
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.array([e.type_ids for e in enc], dtype=np.int64)
            logits = self.session.run(None, feed)[0].astype(np.float64)
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            out.extend(scores_from_probs(probs, self.labels))
        return out
