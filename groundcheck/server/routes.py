"""The routes: /v1/check, /v1/batch, /healthz, /metrics and the page at /."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from ..errors import GroundcheckError, InputError
from .deps import ApiKeyDep, CheckerDep, MetricsDep, QueueDep, SettingsDep
from .errors import ServerError
from .schemas import BatchOut, BatchRequest, CheckRequest, ErrorOut, HealthOut, PairIn, ReportOut
from .settings import ServerSettings
from .work import Deadline, bounded

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Missing or wrong API key (GC605)."},
    413: {"model": ErrorOut, "description": "Request body over the limit (GC601)."},
    422: {"model": ErrorOut, "description": "Unusable input: schema (GC606), text (GC1xx), limits (GC105, GC602)."},
    429: {"model": ErrorOut, "description": "Work queue full (GC603); see the Retry-After header."},
    503: {"model": ErrorOut, "description": "A model failed (GC3xx)."},
    504: {"model": ErrorOut, "description": "The request's time limit passed (GC604)."},
}

api = APIRouter(prefix="/v1", dependencies=[ApiKeyDep], tags=["check"], responses=_ERRORS)
ops = APIRouter(tags=["operations"])
page = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class _Pair:
    sources: list[str]
    ids: list[str] | None
    derived: str
    derived_id: str


def _pair(req: PairIn, settings: ServerSettings, what: str = "the request") -> _Pair:
    """The pair's texts, after the server's content limits (coded 422s)."""
    texts, ids = req.source_list()
    if len(texts) > settings.max_sources:
        raise ServerError(
            "GC602", status=422, what=f"'sources' of {what}", count=len(texts), limit=settings.max_sources,
            option="GROUNDCHECK_SERVER_MAX_SOURCES",
        )
    total = sum(len(t) for t in texts)
    if total > settings.max_source_chars:
        raise InputError(
            "GC105", what=f"the sources of {what}" if len(texts) > 1 else f"the source of {what}", size=total,
            limit=settings.max_source_chars, option="GROUNDCHECK_SERVER_MAX_SOURCE_CHARS",
        )
    if len(req.derived) > settings.max_derived_chars:
        raise InputError(
            "GC105", what=f"the derived text of {what}", size=len(req.derived), limit=settings.max_derived_chars,
            option="GROUNDCHECK_SERVER_MAX_DERIVED_CHARS",
        )
    return _Pair(texts, ids, req.derived, req.derived_id)


def _run_pair(checker: Any, pair: _Pair, deadline: Deadline, updates: dict[str, Any]) -> dict[str, Any]:
    c = bounded(checker, deadline, updates)
    report = c.check(pair.sources, pair.derived, source_ids=pair.ids, derived_id=pair.derived_id)
    return report.to_dict()


@api.post(
    "/check",
    response_model=ReportOut,
    summary="Check one derived text against its source(s)",
    description="Splits the derived text into claims and labels each supported, contradicted or unsupported, "
    "with error type, evidence (offsets into the source) and omissions. The answer is the "
    "`groundcheck.report/1` JSON of `groundcheck check --format json`.",
)
async def check(req: CheckRequest, checker: CheckerDep, settings: SettingsDep, queue: QueueDep, metrics: MetricsDep) -> JSONResponse:
    pair = _pair(req, settings)
    updates = req.options.updates() if req.options else {}
    deadline = Deadline(settings.request_timeout_s)
    report = await queue.run(lambda d: _run_pair(checker, pair, d, updates), cost=1, deadline=deadline)
    metrics.observe_report(report)
    return JSONResponse(report)


@api.post(
    "/batch",
    response_model=BatchOut,
    summary="Check several pairs in one request",
    description="Up to GROUNDCHECK_SERVER_MAX_BATCH_PAIRS pairs; each takes one slot of the work queue. A pair "
    "that cannot be checked gets an `error` ({code, message, detail}) in its place and the others go on.",
)
async def batch(req: BatchRequest, checker: CheckerDep, settings: SettingsDep, queue: QueueDep, metrics: MetricsDep) -> JSONResponse:
    n = len(req.pairs)
    if n > settings.batch_limit:
        raise ServerError(
            "GC602", status=422, what="'pairs'", count=n, limit=settings.batch_limit, option="GROUNDCHECK_SERVER_MAX_BATCH_PAIRS"
        )
    items: list[tuple[str, _Pair | GroundcheckError]] = []
    for i, p in enumerate(req.pairs):
        rid = p.id if p.id is not None else str(i)
        try:
            items.append((rid, _pair(p, settings, what=f"pair {rid!r}")))
        except GroundcheckError as exc:
            items.append((rid, exc))
    updates = req.options.updates() if req.options else {}
    todo = sum(1 for _, x in items if isinstance(x, _Pair))

    def job(deadline: Deadline) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for rid, item in items:
            if isinstance(item, GroundcheckError):
                out.append({"id": rid, "error": item.to_dict()})
                continue
            try:
                out.append({"id": rid, "report": _run_pair(checker, item, deadline, updates)})
            except ServerError:
                raise  # the deadline: the whole request answers 504
            except GroundcheckError as exc:
                out.append({"id": rid, "error": exc.to_dict()})
        return out

    deadline = Deadline(settings.request_timeout_s)
    if todo:
        results = await queue.run(job, cost=todo, deadline=deadline)
    else:
        results = job(deadline)
    ok = 0
    for r in results:
        if "report" in r:
            ok += 1
            metrics.observe_report(r["report"])
        else:
            metrics.observe_error(r["error"]["code"])
    return JSONResponse({"results": results, "summary": {"pairs": n, "ok": ok, "errors": n - ok}})


@ops.get("/healthz", response_model=HealthOut, summary="Liveness and queue state (no API key needed)")
async def healthz(request: Request, settings: SettingsDep, queue: QueueDep) -> dict[str, Any]:
    from .. import __version__

    return {
        "status": "ok",
        "version": __version__,
        "auth_required": settings.key is not None,
        "queue": {
            "pending_pairs": queue.pending,
            "capacity_pairs": queue.capacity,
            "running": queue.running,
            "workers": queue.workers,
            "seconds_per_pair": round(queue.seconds_per_pair, 4),
        },
        "limits": _limits(settings),
    }


@ops.get(
    "/metrics",
    dependencies=[ApiKeyDep],
    response_class=PlainTextResponse,
    summary="Prometheus metrics",
    responses={200: {"content": {"text/plain": {}}}},
)
async def metrics_text(metrics: MetricsDep, queue: QueueDep) -> PlainTextResponse:
    return PlainTextResponse(metrics.render(queue), media_type="text/plain; version=0.0.4; charset=utf-8")


def _limits(settings: ServerSettings) -> dict[str, int | float]:
    return {
        "max_body_bytes": settings.max_body_bytes,
        "max_source_chars": settings.max_source_chars,
        "max_derived_chars": settings.max_derived_chars,
        "max_sources": settings.max_sources,
        "max_batch_pairs": settings.batch_limit,
        "request_timeout_s": settings.request_timeout_s,
    }


@page.get("/", response_class=HTMLResponse)
async def index(settings: SettingsDep) -> HTMLResponse:
    from ..render.html import content_security_policy, page_html

    data = {"mode": "app", "api": "v1/check", "auth": settings.key is not None, "limits": _limits(settings)}
    html = page_html(data, title="groundcheck")
    csp = content_security_policy() + "; frame-ancestors 'none'"
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})
