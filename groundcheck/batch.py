"""check_many(): check a stream of (id, source, derived) rows with one Checker.

A bad row (malformed JSON, missing fields, unusable text) yields an error result with its code
and the batch goes on, unless `fail_fast`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import GroundcheckError, InputError


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    source: list[str]
    derived: str
    extra: dict[str, Any]


def parse_rows(lines: Iterable[str]) -> Iterator[Row | InputError]:
    """Rows from JSON lines; a line that cannot be used becomes an InputError in its place."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError("GC109", line=n, reason=f"not valid JSON ({exc.msg} at column {exc.colno})", doc_id=f"line {n}")
            continue
        if not isinstance(obj, dict):
            yield InputError("GC109", line=n, reason="expected a JSON object", doc_id=f"line {n}")
            continue
        rid = obj.get("id", f"line-{n}")
        src = obj.get("source", obj.get("sources"))
        der = obj.get("derived")
        if isinstance(src, str):
            src = [src]
        if not (isinstance(src, list) and src and all(isinstance(s, str) for s in src)):
            yield InputError("GC109", line=n, reason="'source' must be a string or a list of strings", doc_id=str(rid))
            continue
        if not isinstance(der, str):
            yield InputError("GC109", line=n, reason="'derived' must be a string", doc_id=str(rid))
            continue
        extra = {k: v for k, v in obj.items() if k not in {"id", "source", "sources", "derived"}}
        yield Row(n, str(rid), src, der, extra)


def result_for(checker, row: Row) -> dict[str, Any]:
    try:
        report = checker.check(row.source, row.derived)
    except GroundcheckError as exc:
        return {"id": row.id, **row.extra, "error": exc.to_dict()}
    return {"id": row.id, **row.extra, "report": report.to_dict()}


def check_many(checker, lines: Iterable[str], *, fail_fast: bool = False) -> Iterator[dict[str, Any]]:
    for item in parse_rows(lines):
        if isinstance(item, InputError):
            if fail_fast:
                raise item
            yield {"id": item.doc_id, "error": item.to_dict()}
            continue
        out = result_for(checker, item)
        if fail_fast and "error" in out:
            raise InputError("GC109", line=item.line, reason=out["error"]["message"])
        yield out
