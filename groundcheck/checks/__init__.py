"""Exact, explainable checks for the errors small entailment models miss.

Each module registers one check with `@register(name)`; `load_all()` imports them, which is the
one place the registry is filled.
"""

from __future__ import annotations


def load_all() -> None:
    from . import dates, entities, numbers, polarity, quotes, roles  # noqa: F401
