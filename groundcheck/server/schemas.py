"""Request and response models of the HTTP API (they also make the OpenAPI docs at /docs).

Requests are validated here for shape; content limits (text length, number of sources) are
checked by the routes so that they answer with groundcheck's coded errors.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator



class SourceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(default=None, max_length=200, description="Name used in the report's evidence (default 'source' / 'source[i]').")
    text: str


class CheckOptions(BaseModel):
    """Per-request settings that need no model reload; anything left out keeps the server's setting."""

    model_config = ConfigDict(extra="forbid")
    allow_any_language: bool | None = Field(default=None, description="Check texts that do not look English.")
    evidence_k: int | None = Field(default=None, ge=1, le=20, description="Evidence passages kept per claim.")
    window: int | None = Field(default=None, ge=1, le=4, description="Source sentences per evidence passage.")
    max_omissions: int | None = Field(default=None, ge=0, le=100, description="Most omissions reported.")
    checks: list[Literal["entities", "roles", "numbers", "dates", "polarity", "quotes"]] | None = Field(
        default=None, description="Exact checks to run (default: all)."
    )

    def updates(self) -> dict[str, Any]:
        out = self.model_dump(exclude_none=True)
        if "checks" in out:
            out["checks"] = tuple(dict.fromkeys(out["checks"]))
        return out


class PairIn(BaseModel):
    """One source (or several) and the derived text to check against it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"source": "Chinese Foreign Minister Wang Yi met Blinken in Beijing.", "derived": "US Secretary of State Wang Yi met Blinken."}
            ]
        },
    )
    source: str | None = Field(default=None, description="The source text (or use `sources`).")
    sources: list[str | SourceIn] | None = Field(default=None, min_length=1, description="Several sources: strings or {id, text}.")
    derived: str = Field(description="The derived text (rewrite, summary, answer) to check.")
    derived_id: str = Field(default="derived", max_length=200)

    @model_validator(mode="after")
    def _one_source_field(self) -> "PairIn":
        if (self.source is None) == (self.sources is None):
            raise ValueError("give exactly one of 'source' (a string) or 'sources' (a list)")
        return self

    def source_list(self) -> tuple[list[str], list[str] | None]:
        """(texts, ids or None for the core's defaults)."""
        if self.source is not None:
            return [self.source], None
        texts, ids, named = [], [], False
        for i, s in enumerate(self.sources or []):
            if isinstance(s, SourceIn):
                texts.append(s.text)
                ids.append(s.id or (f"source[{i}]" if len(self.sources or []) > 1 else "source"))
                named = named or s.id is not None
            else:
                texts.append(s)
                ids.append(f"source[{i}]" if len(self.sources or []) > 1 else "source")
        if named and len(set(ids)) != len(ids):
            ids = [f"{i}:{x}" for i, x in enumerate(ids)]
        return texts, (ids if named else None)


class CheckRequest(PairIn):
    options: CheckOptions | None = None


class BatchPairIn(PairIn):
    id: str | None = Field(default=None, max_length=200, description="Echoed in the result (default: its index).")


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pairs: list[BatchPairIn] = Field(min_length=1)
    options: CheckOptions | None = None


# ---- responses (mirror groundcheck.types ... to_dict(), schema groundcheck.report/1) ----


class SpanOut(BaseModel):
    source: str
    start: int
    end: int
    text: str


class EvidenceOut(SpanOut):
    relation: Literal["supports", "contradicts", "related"]
    score: float


class FindingOut(BaseModel):
    check: str
    error_type: str
    label: Literal["supported", "contradicted", "unsupported"]
    reason: str
    start: int
    end: int
    confidence: float
    source: SpanOut | None = None


class ClaimOut(BaseModel):
    start: int = Field(description="Offset (Unicode code points) into the derived text.")
    end: int
    text: str
    label: Literal["supported", "contradicted", "unsupported"]
    p_supported: float
    error_type: str | None
    reason: str
    evidence: list[EvidenceOut]
    findings: list[FindingOut]


class OmissionOut(SpanOut):
    importance: float
    best_match: float


class SummaryOut(BaseModel):
    claims: int
    counts: dict[str, int]
    error_types: dict[str, int]
    faithfulness: float


class CoverageOut(BaseModel):
    source: str
    chars: int
    chars_read: int
    sentences: int
    boilerplate_chars: int
    truncated: bool


class DerivedOut(BaseModel):
    id: str
    chars: int


class ReportOut(BaseModel):
    """A report, schema groundcheck.report/1 (offsets count Unicode code points)."""

    model_config = ConfigDict(populate_by_name=True)
    schema_: str = Field(alias="schema", examples=["groundcheck.report/1"])
    derived: DerivedOut
    claims: list[ClaimOut]
    omissions: list[OmissionOut]
    summary: SummaryOut
    coverage: list[CoverageOut]
    models: dict[str, str]
    timing: dict[str, float]
    warnings: list[str]


class ErrorOut(BaseModel):
    code: str = Field(examples=["GC105"])
    message: str
    detail: dict[str, Any] = {}


class BatchItemOut(BaseModel):
    id: str
    report: ReportOut | None = None
    error: ErrorOut | None = None


class BatchSummaryOut(BaseModel):
    pairs: int
    ok: int
    errors: int


class BatchOut(BaseModel):
    results: list[BatchItemOut]
    summary: BatchSummaryOut


class QueueOut(BaseModel):
    pending_pairs: int
    capacity_pairs: int
    running: int
    workers: int
    seconds_per_pair: float


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    auth_required: bool
    queue: QueueOut
    limits: dict[str, int | float]
