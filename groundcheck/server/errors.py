"""HTTP-level errors of the server (GC6xx) and the handlers that turn every error into
`{code, message, detail}` with the right status.

    GroundcheckError (groundcheck.errors)
     └── ServerError                 GC6xx  refused at the HTTP edge
          ├── GC601  413  request body too large
          ├── GC602  422  too many pairs or sources in one request
          ├── GC603  429  work queue full (with Retry-After)
          ├── GC604  504  per-request time limit passed
          ├── GC605  401  missing or wrong API key
          ├── GC606  422  request body does not match the schema
          └── GC607  4xx  no such route / method

Core errors keep their codes: InputError and ConfigError -> 422, ModelError -> 503,
anything else -> 500 (GC500, logged with its traceback; the body never carries one).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, GroundcheckError, InputError, ModelError

log = logging.getLogger("groundcheck.server")

SERVER_MESSAGES: dict[str, str] = {
    "GC601": "The request body is larger than the limit of {limit:,} bytes. "
    "Send less text per request, or raise GROUNDCHECK_SERVER_MAX_BODY_BYTES.",
    "GC602": "{what} has {count} items, over the limit of {limit}. "
    "Split the request, or raise {option}.",
    "GC603": "The server is at capacity ({pending} pairs queued or running; at most {capacity}, and no more "
    "than it can finish within the time limit). Retry after {retry_after} s.",
    "GC604": "The request took longer than the limit of {limit:g} s and was stopped. "
    "Send less text, retry later, or raise GROUNDCHECK_SERVER_REQUEST_TIMEOUT_S.",
    "GC605": "{reason} Send the key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
    "GC606": "The request does not match the schema: {summary}. See /docs for the request format.",
    "GC607": "{reason}",
}


class ServerError(GroundcheckError):
    """A request refused at the HTTP edge; `status` is the HTTP status to answer with."""

    def __init__(self, code: str, /, *, status: int, headers: dict[str, str] | None = None, **values: Any) -> None:
        self.status = status
        self.headers = headers or {}
        template = SERVER_MESSAGES.get(code, "{reason}")
        try:
            message = template.format(**values)
        except (KeyError, ValueError, IndexError):
            message = f"{template} {values}"
        super().__init__(code, message=message, **values)
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["message"] = self.message
        out["detail"] = {k: v for k, v in out["detail"].items() if k != "message"}
        return out


def status_for(exc: GroundcheckError) -> int:
    if isinstance(exc, ServerError):
        return exc.status
    if isinstance(exc, (InputError, ConfigError)):
        return 422
    if isinstance(exc, ModelError):
        return 503
    return 500


def error_body(exc: GroundcheckError) -> dict[str, Any]:
    return exc.to_dict()


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


def _loc(loc: tuple | list, kind: str) -> str:
    if kind == "json_invalid":
        return "body"
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def _count(request: Request, code: str) -> None:
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.observe_error(code)


def install_handlers(app: FastAPI) -> None:
    async def on_groundcheck(request: Request, exc: GroundcheckError) -> JSONResponse:
        _count(request, exc.code)
        status = status_for(exc)
        if status >= 500 and not isinstance(exc, ServerError):
            log.error("%s on %s %s", exc, request.method, request.url.path)
        return _json(status, error_body(exc), getattr(exc, "headers", None))

    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": _loc(e.get("loc", ()), str(e.get("type", ""))), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
        if len(errors) > 5:
            summary += f"; and {len(errors) - 5} more"
        err = ServerError("GC606", status=422, summary=summary or "invalid body")
        _count(request, err.code)
        body = err.to_dict()
        body["detail"] = {"errors": errors}
        return _json(422, body)

    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        reason = exc.detail if isinstance(exc.detail, str) else "HTTP error"
        if exc.status_code == 404:
            reason = f"No route {request.url.path!r}. The API is under /v1 (see /docs)."
        elif exc.status_code == 405:
            reason = f"{request.method} is not allowed on {request.url.path!r}."
        err = ServerError("GC607", status=exc.status_code, reason=reason)
        _count(request, err.code)
        return _json(exc.status_code, err.to_dict(), dict(exc.headers or {}))

    async def on_other(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        _count(request, "GC500")
        body = {
            "code": "GC500",
            "message": f"Internal error ({type(exc).__name__}). This is a bug: please report it with the request.",
            "detail": {},
        }
        return _json(500, body)

    app.add_exception_handler(GroundcheckError, on_groundcheck)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_other)
