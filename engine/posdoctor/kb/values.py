"""Whether a value can be a value of a fact, and values as the author wrote them in YAML
(shared by the KB checks and by checking answers)."""

from __future__ import annotations

from typing import Any

from .model import Fact
from .problems import suggestion


def outside(fact: Fact, x: float) -> bool:
    """True when ``x`` is below the number fact's min or above its max."""
    return (fact.min is not None and x < fact.min) or (fact.max is not None and x > fact.max)


def span(fact: Fact) -> str:
    """A number fact's range as written in messages: [min, max], -inf/inf where open."""
    low = "-inf" if fact.min is None else f"{fact.min:g}"
    high = "inf" if fact.max is None else f"{fact.max:g}"
    return f"[{low}, {high}]"


def show(value: Any) -> str:
    """A value as the author wrote it in YAML."""
    if isinstance(value, bool):
        return str(value).lower()
    return (
        repr(value)
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def value_problem(fact: Fact, value: Any) -> tuple[str, str] | None:
    """Why ``value`` cannot be a value of ``fact``, as (message, hint), or None."""
    if fact.type == "boolean" and not isinstance(value, bool):
        return f"'{fact.id}' is yes/no: expected true or false (got {show(value)})", ""
    if fact.type == "choice":
        ids = [ch.id for ch in fact.values]
        if value not in ids:
            return (
                f"{show(value)} is not a value of '{fact.id}'",
                suggestion(str(value), ids, "values"),
            )
    if fact.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{fact.id}' is a number (got {show(value)})", ""
        if outside(fact, value):
            return f"{value:g} is outside the range of '{fact.id}' {span(fact)}", ""
    if fact.type == "text" and not isinstance(value, str):
        return f"'{fact.id}' is text (got {show(value)})", ""
    return None
