"""The HTTP shell: `groundcheck serve` runs `create_app(ServerSettings())` under uvicorn.

    from groundcheck.server import create_app, ServerSettings
    app = create_app(ServerSettings(queue_size=8))      # loads the models in its lifespan

Needs the `server` extra (fastapi, uvicorn). See docs/server.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app", "ServerSettings"]

if TYPE_CHECKING:  # pragma: no cover
    from .app import create_app
    from .settings import ServerSettings


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "ServerSettings":
        from .settings import ServerSettings

        return ServerSettings
    raise AttributeError(f"module 'groundcheck.server' has no attribute {name!r}")
