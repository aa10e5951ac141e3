"""ASGI middleware at the edge: request-body limit (413), request metrics, and headers that
every response carries. Pure ASGI (no BaseHTTPMiddleware), so bodies are not copied twice.
"""

from __future__ import annotations

import json
import time
from typing import Any

from .errors import ServerError
from .metrics import Metrics

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class EdgeMiddleware:
    def __init__(self, app: Any, *, metrics: Metrics, max_body_bytes: int) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = [500]
        started = [False]

        async def send_wrapped(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                started[0] = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        try:
            if scope.get("method") in _BODY_METHODS:
                body = await self._read_body(scope, receive)
                if body is None:
                    await self._too_large(send_wrapped)
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send_wrapped)
        finally:
            self.metrics.observe_request(scope.get("method", "?"), scope.get("path", ""), status[0], time.perf_counter() - t0)

    async def _read_body(self, scope: dict, receive: Any) -> bytes | None:
        """The whole body, or None if it is over the limit (what was sent is drained, not kept)."""
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    declared = int(v)
                except ValueError:
                    declared = -1
                if declared > self.max_body:
                    await self._drain(receive, limit=max(4 * self.max_body, 16 << 20))
                    return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                if message.get("more_body", False):
                    await self._drain(receive, limit=max(4 * self.max_body, 16 << 20))
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    @staticmethod
    async def _drain(receive: Any, *, limit: int) -> None:
        # Reading (and dropping) the rest lets the client finish sending and read our 413,
        # rather than seeing a reset connection; past `limit` we stop and let it close.
        seen = 0
        while seen < limit:
            message = await receive()
            if message["type"] != "http.request":
                return
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    async def _too_large(self, send: Any) -> None:
        err = ServerError("GC601", status=413, limit=self.max_body)
        self.metrics.observe_error(err.code)
        body = json.dumps(err.to_dict()).encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Any) -> Any:
    sent = [False]

    async def replay() -> dict:
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
