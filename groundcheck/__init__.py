"""groundcheck: check a derived text (rewrite, summary, answer) against its source.

    >>> from groundcheck import Checker
    >>> report = Checker().check(source_text, derived_text)
    >>> report.to_dict()["summary"]

Heavy libraries (spaCy, torch, ONNX Runtime) load when a `Checker` is built, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ConfigError, GroundcheckError, InputError, ModelError, ModelNotFound, OffsetError, StageError
from .types import SCHEMA, Claim, Document, Evidence, Finding, Omission, Report, Sentence, Verdict

__version__ = "0.1.0"

__all__ = [
    "Checker",
    "check",
    "Settings",
    "Report",
    "Verdict",
    "Claim",
    "Evidence",
    "Finding",
    "Omission",
    "Document",
    "Sentence",
    "SCHEMA",
    "GroundcheckError",
    "InputError",
    "OffsetError",
    "ConfigError",
    "ModelError",
    "ModelNotFound",
    "StageError",
    "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from .checker import Checker, check
    from .config import Settings


def __getattr__(name: str) -> Any:
    # Lazy: pydantic-settings and the pipeline load only when asked for.
    if name in {"Checker", "check"}:
        from . import checker

        return getattr(checker, name)
    if name == "Settings":
        from .config import Settings

        return Settings
    raise AttributeError(f"module 'groundcheck' has no attribute {name!r}")
