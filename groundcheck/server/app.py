"""`create_app(settings)`: the FastAPI app around one `Checker`.

The Checker (models) loads once, in the lifespan, on a worker thread; tests may pass one in
(`create_app(settings, checker=...)`) to skip the load. Nothing is built at import time.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from ..errors import ConfigError, GroundcheckError
from .errors import install_handlers
from .metrics import Metrics
from .middleware import EdgeMiddleware
from .routes import api, ops, page
from .settings import ServerSettings
from .work import WorkQueue

if TYPE_CHECKING:
    from ..config import Settings

log = logging.getLogger("groundcheck.server")

DESCRIPTION = """Check a derived text (AI rewrite, summary, generated answer) against its source.

`POST /v1/check` answers with the `groundcheck.report/1` JSON; errors are `{code, message, detail}`
with a stable groundcheck code. Off loopback every `/v1` call and `/metrics` need the API key
(`Authorization: Bearer <key>` or `X-API-Key: <key>`). The page at `/` shows a report visually."""


def create_app(
    settings: ServerSettings | None = None,
    *,
    checker: Any = None,
    core_settings: "Settings | None" = None,
) -> FastAPI:
    """Build the app. `checker`: an already loaded Checker to use (else one is loaded at start-up
    from `core_settings`, or from GROUNDCHECK_* if None)."""
    settings = settings if settings is not None else ServerSettings()
    problem = settings.security_problem()
    if problem:
        raise ConfigError("GC202", name="host/api_key", value=settings.host, reason=problem)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if app.state.checker is None:
            loop = asyncio.get_running_loop()
            try:
                app.state.checker = await loop.run_in_executor(None, _load_checker, core_settings)
            except GroundcheckError as exc:
                print(f"groundcheck serve: {exc}", file=sys.stderr)
                raise
        app.state.queue = WorkQueue(capacity=settings.queue_size, workers=settings.workers)
        try:
            yield
        finally:
            app.state.queue.close()

    app = FastAPI(
        title="groundcheck",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs else None,
    )
    app.state.settings = settings
    app.state.checker = checker
    app.state.metrics = Metrics()
    app.state.queue = None
    install_handlers(app)
    app.include_router(api)
    app.include_router(ops)
    app.include_router(page)
    if settings.docs:
        _add_docs(app)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    # added last = outermost: the body limit applies before anything reads the body
    app.add_middleware(EdgeMiddleware, metrics=app.state.metrics, max_body_bytes=settings.max_body_bytes)
    return app


def _load_checker(core_settings: "Settings | None"):
    from ..checker import Checker

    return Checker(core_settings) if core_settings is not None else Checker()


def _version() -> str:
    from .. import __version__

    return __version__


def _add_docs(app: FastAPI) -> None:
    """Swagger UI from the package's own files (fastapi-offline ships them): no CDN."""
    from fastapi.openapi.docs import get_swagger_ui_html

    static = _swagger_dir()
    if static is not None:
        from fastapi.staticfiles import StaticFiles

        app.mount("/docs/assets", StaticFiles(directory=static), name="docs-assets")

        @app.get("/docs", include_in_schema=False)
        async def docs() -> HTMLResponse:
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="groundcheck API",
                swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                swagger_css_url="/docs/assets/swagger-ui.css",
                swagger_favicon_url="/docs/assets/favicon.png",
            )

    else:

        @app.get("/docs", include_in_schema=False)
        async def docs_plain() -> HTMLResponse:
            return HTMLResponse(
                "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>groundcheck API</title></head><body>"
                "<h1>groundcheck API</h1><p>The OpenAPI description is at <a href='/openapi.json'>/openapi.json</a>. "
                "For the interactive docs offline, install the server extra: <code>pip install 'groundcheck[server]'</code> "
                "(it brings fastapi-offline, which ships Swagger UI).</p></body></html>"
            )


def _swagger_dir() -> str | None:
    try:
        import fastapi_offline
    except ImportError:
        return None
    from pathlib import Path

    static = Path(fastapi_offline.__file__).resolve().parent / "static"
    return str(static) if (static / "swagger-ui-bundle.js").exists() else None
