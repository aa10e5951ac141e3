"""`groundcheck serve`: registered into the main Typer app by groundcheck/cli.py."""


from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    from ..cli import DebugOpt, LMOpt, ModelOpt, ProfileOpt

    @app.command("serve")
    def serve_cli(
        host: Annotated[Optional[str], typer.Option("--host", help="Address to bind (default 127.0.0.1). Off loopback, GROUNDCHECK_API_KEY is required.")] = None,
        port: Annotated[Optional[int], typer.Option("--port", help="Port (default 8080).")] = None,
        workers: Annotated[Optional[int], typer.Option("--workers", help="Threads running checks (default 1).")] = None,
        queue_size: Annotated[Optional[int], typer.Option("--queue-size", help="Pairs admitted before answering 429 (default 32).")] = None,
        timeout: Annotated[Optional[float], typer.Option("--timeout", help="Per-request time limit in seconds (default 60).")] = None,
        model: ModelOpt = None,
        lm: LMOpt = None,
        profile: ProfileOpt = None,
        log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
        debug: DebugOpt = False,
    ) -> None:
        """Serve the web page (/) and the HTTP API (/v1/check, /v1/batch, /healthz, /metrics, /docs).

        Limits come from GROUNDCHECK_SERVER_* variables (see docs/server.md); the options here override them.
        """
        from ..cli import _fail, _quiet_libraries

        _quiet_libraries()
        try:
            import uvicorn

            from ..config import Settings
            from ..errors import ConfigError
            from .app import create_app
            from .settings import ServerSettings
        except ImportError as exc:
            typer.echo(f"[GC303] {exc.name} is needed for `groundcheck serve` but is not installed. "
                       "Install it with `pip install 'groundcheck[server]'`.", err=True)
            raise typer.Exit(3) from None

        overrides = {k: v for k, v in {"host": host, "port": port, "workers": workers, "queue_size": queue_size,
                                       "request_timeout_s": timeout}.items() if v is not None}
        core: dict = {}
        if model:
            core["verifier"] = model
        if lm:
            core["lm"] = lm
        if profile:
            core["profile"] = str(profile)
        try:
            try:
                settings = ServerSettings(**overrides)
                core_settings = Settings(**core)
            except ValueError as exc:
                raise ConfigError("GC202", name="server settings", value=overrides, reason=str(exc)) from None
            app = create_app(settings, core_settings=core_settings)
        except Exception as exc:
            raise _fail(exc, debug) from None
        typer.echo(
            f"groundcheck serve: loading models, then listening on http://{_url_host(settings.host)}:{settings.port}/ "
            f"(auth {'on' if settings.key else 'off'}, queue {settings.queue_size} pairs, {settings.workers} worker(s))",
            err=True,
        )
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level=log_level,
            timeout_keep_alive=5,
            # connections beyond this get a plain 503 from uvicorn; the queue answers 429 well before
            limit_concurrency=max(64, settings.queue_size * 4),
            server_header=False,
        )


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
