"""FastAPI dependencies: what a route needs from the app, as `Annotated` aliases.

They are `async def` on purpose: FastAPI runs plain `def` dependencies on its thread pool, and
these only read app state, so a thread hop per request would cost time (and malloc arenas) for
nothing.

Tests can swap any of them with `app.dependency_overrides[get_checker] = ...`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .errors import ServerError
from .metrics import Metrics
from .settings import ServerSettings
from .work import WorkQueue

if TYPE_CHECKING:
    from ..checker import Checker


async def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


async def get_checker(request: Request) -> "Checker":
    return request.app.state.checker


async def get_queue(request: Request) -> WorkQueue:
    return request.app.state.queue


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
CheckerDep = Annotated[Any, Depends(get_checker)]  # a Checker (or a test double with .check())
QueueDep = Annotated[WorkQueue, Depends(get_queue)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]

_bearer = HTTPBearer(auto_error=False, description="The server's GROUNDCHECK_API_KEY.")
_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The server's GROUNDCHECK_API_KEY.")


def _digest(value: str) -> bytes:
    # Hashing first makes the comparison constant-time in the key's length too.
    return hashlib.sha256(value.encode("utf-8")).digest()


def key_matches(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(_digest(given), _digest(expected))


async def require_api_key(
    settings: SettingsDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header_key: Annotated[str | None, Depends(_key_header)],
) -> None:
    """Enforces the API key when the server has one (always, off loopback)."""
    expected = settings.key
    if expected is None:
        return
    given = bearer.credentials if bearer is not None else header_key
    if not given:
        raise ServerError("GC605", status=401, headers={"WWW-Authenticate": "Bearer"}, reason="This server requires an API key.")
    if not key_matches(given, expected):
        raise ServerError("GC605", status=401, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}, reason="The API key is not valid.")


ApiKeyDep = Depends(require_api_key)
