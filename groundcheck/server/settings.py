"""Server settings: one typed object, read from GROUNDCHECK_SERVER_* (and GROUNDCHECK_API_KEY).

The model settings stay in `groundcheck.config.Settings` (GROUNDCHECK_*); these are the limits
and the network face of `groundcheck serve`.
"""

from __future__ import annotations

import ipaddress

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_API_KEY_CHARS = 16


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; anything else (0.0.0.0, a name, a LAN address) is not."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


class ServerSettings(BaseSettings):
    """Limits and network settings of the HTTP server (env: GROUNDCHECK_SERVER_<NAME>)."""

    model_config = SettingsConfigDict(env_prefix="GROUNDCHECK_SERVER_", frozen=True, extra="forbid")

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    # Off loopback a key is required; on loopback it is optional (but enforced when set).
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("GROUNDCHECK_API_KEY", "api_key"), repr=False
    )

    # Request limits: refused with a coded error, never truncated.
    max_body_bytes: int = Field(default=5 * 1024 * 1024, gt=0, description="413 above this")
    max_source_chars: int = Field(default=500_000, gt=0, description="all sources of one pair together")
    max_derived_chars: int = Field(default=50_000, gt=0)
    max_sources: int = Field(default=16, gt=0, description="sources per pair")
    max_batch_pairs: int = Field(default=16, gt=0, description="capped at queue_size")
    request_timeout_s: float = Field(default=60.0, gt=0, description="504 past this, queue wait included")

    # Work queue: `queue_size` pairs may be admitted (running or waiting); beyond, 429 + Retry-After.
    queue_size: int = Field(default=32, gt=0)
    workers: int = Field(default=1, ge=1, le=64, description="threads running checks")

    # Cross-origin access is off unless origins are listed.
    cors_origins: tuple[str, ...] = ()
    docs: bool = True

    @property
    def batch_limit(self) -> int:
        """Pairs one batch may hold: never more than the queue admits, or it could never run."""
        return min(self.max_batch_pairs, self.queue_size)

    @property
    def key(self) -> str | None:
        return self.api_key.get_secret_value() if self.api_key is not None else None

    def security_problem(self) -> str | None:
        """Why this configuration must not start, or None."""
        key = self.key
        if key is not None and len(key) < MIN_API_KEY_CHARS:
            return f"GROUNDCHECK_API_KEY is {len(key)} characters long; use at least {MIN_API_KEY_CHARS} (e.g. `openssl rand -hex 24`)"
        if not is_loopback(self.host) and not key:
            return (
                f"binding to {self.host!r} (not loopback) requires an API key: set GROUNDCHECK_API_KEY, "
                "or bind to 127.0.0.1"
            )
        return None
