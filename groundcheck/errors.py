"""Errors raised by groundcheck, each with a stable code.

    GroundcheckError
     ├── InputError (ValueError)      GC1xx  the texts handed to us are unusable
     │    └── OffsetError             GC104  a span does not fit its document
     ├── ConfigError (ValueError)     GC2xx  settings or options are wrong
     ├── ModelError (RuntimeError)    GC3xx  a model cannot be loaded or run
     │    └── ModelNotFound           GC301
     └── StageError (RuntimeError)    GC4xx  a pipeline stage broke its contract

Every message says what went wrong, with the values, and how to fix it. The code
is stable so that scripts (and the server's JSON errors) can match on it.
"""

from __future__ import annotations

from typing import Any

DOCS_URL = "docs/errors.md"

# Messages are format strings, keyed by code, so the wording lives in one place.
MESSAGES: dict[str, str] = {
    "GC101": "{what} is empty (or only whitespace). Give it some text to check.",
    "GC102": "{what} is not valid UTF-8 (bad byte 0x{byte:02x} at offset {offset}). "
    "Re-encode it as UTF-8, e.g. `iconv -f latin1 -t utf-8 FILE`.",
    "GC103": "{what} looks like a binary file ({reason}), not text.",
    "GC104": "Span {start}-{end} does not fit {what} of length {length}.",
    "GC105": "{what} has {size:,} characters, over the limit of {limit:,}. "
    "Split it, or raise the limit with {option}.",
    "GC106": "{what} has no sentences to check (only markup, credits or punctuation).",
    "GC107": "{what} does not look like English (detected: {language}). "
    "groundcheck's models are English-only; pass --allow-any-language to try anyway.",
    "GC108": "Cannot read {what}: {reason}.",
    "GC109": "Batch line {line}: {reason}.",
    "GC201": "Unknown {what} {value!r}; choose one of: {choices}.",
    "GC202": "Invalid setting {name}={value!r}: {reason}.",
    "GC203": "Invalid calibration profile {path}: {reason}.",
    "GC301": "Model {name!r} not found: {reason}. {hint}",
    "GC302": "Model file {path} failed its integrity check (sha256 {actual}, expected {expected}). "
    "Reinstall the package that ships it.",
    "GC303": "{package} is needed for {feature} but is not installed. Install it with `pip install {package}`.",
    "GC304": "Model {name!r} failed to run: {reason}.",
    "GC305": "Model {name!r} carries a weights file {path} that cannot be used: {reason}. "
    "Refit it (scripts/fit_combiner_dev.py --out) or remove it to use the packaged weights.",
    "GC401": "Stage {stage!r} failed: {reason}.",
    "GC402": "Stage {stage!r} returned {got}, expected the pipeline's Work object.",
}


class GroundcheckError(Exception):
    """Base class: every error groundcheck raises on purpose is one of these."""

    code: str = "GC000"

    def __init__(self, code: str, /, **values: Any) -> None:
        self.code = code
        self.values = values
        template = MESSAGES.get(code, "{message}")
        try:
            self.message = template.format(**values)
        except (KeyError, ValueError, IndexError):  # a bad template must not hide the error
            self.message = f"{template} {values}"
        self.stage: str | None = values.get("stage")
        self.doc_id: str | None = values.get("doc_id")
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        detail = {k: v for k, v in self.values.items() if isinstance(v, (str, int, float, bool))}
        return {"code": self.code, "message": self.message, "detail": detail}


class InputError(GroundcheckError, ValueError):
    """The input texts (or batch rows) cannot be checked."""


class OffsetError(InputError):
    """A span's offsets fall outside its document."""


class ConfigError(GroundcheckError, ValueError):
    """A setting, option or profile is invalid."""


class ModelError(GroundcheckError, RuntimeError):
    """A model could not be loaded or run."""


class ModelNotFound(ModelError):
    """The named model (package, directory or hub name) is not available."""


class StageError(GroundcheckError, RuntimeError):
    """A pipeline stage raised or returned something it should not."""


def missing_dependency(package: str, feature: str) -> ModelError:
    return ModelError("GC303", package=package, feature=feature)
