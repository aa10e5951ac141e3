"""The JSON form of a report (schema groundcheck.report/1, documented in docs/report-schema.md)."""

from __future__ import annotations

import json

from ..types import Report


def to_json(report: Report, *, indent: int | None = 2) -> str:
    # sort_keys off: the key order is part of what a reader sees first (claims, then summary)
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=indent)
