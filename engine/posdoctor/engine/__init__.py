"""Rule matching: the knowledge base's rules run over one diagnosis's facts, giving firings
(which rule matched with which alternative), derived facts and conflicts.

One interface (``base.Matcher``), two implementations that reach identical conclusions:

durable
    The durable-rules adapter (``durable.py``): the engine of record wherever durable-rules
    installs (Python 3.11 and 3.12). Only that module imports durable-rules.
python
    Plain-Python forward chaining (``python.py``): used where durable-rules cannot run
    (Python 3.13 and later), and by the question ranking to weigh one more answer cheaply.

``POSDOCTOR_MATCHER=python|durable`` chooses one; otherwise durable-rules when it imports.
"""

from __future__ import annotations

import functools
import importlib
import os

from ..kb.model import KnowledgeBase
from ..kb.problems import UserInputError
from ..messages import Message
from .base import Conflict, EngineError, Firing, Firings, Matcher

__all__ = [
    "MATCHERS",
    "Conflict",
    "EngineError",
    "Firing",
    "Firings",
    "Matcher",
    "MatcherError",
    "available",
    "compile_rules",
    "default_matcher",
    "describe",
]

MATCHERS = ("durable", "python")


@functools.cache
def available() -> tuple[str, ...]:
    """The matchers that run on this Python (durable-rules may be missing or fail to import)."""
    try:
        importlib.import_module("durable_rules_engine")
    except ImportError:
        return ("python",)
    return MATCHERS


def default_matcher() -> str:
    """The matcher to use: POSDOCTOR_MATCHER if set, else durable-rules where it runs."""
    chosen = os.environ.get("POSDOCTOR_MATCHER", "").strip().lower()
    if chosen:
        if chosen not in MATCHERS:
            raise MatcherError(Message("matcher.not_a_matcher", name=repr(chosen)))
        if chosen not in available():
            raise MatcherError(Message("matcher.durable_missing"))
        return chosen
    return available()[0]


class MatcherError(UserInputError):
    """The matcher asked for (POSDOCTOR_MATCHER, or by name) cannot be used here."""


def describe(name: str) -> str:
    """The matcher's name for --version and kb check, with its version."""
    if name == "durable":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"durable-rules {version('durable-rules')}"
        except PackageNotFoundError:  # run from a source tree with durable built in place
            return "durable-rules"
    return "python (plain-Python forward chaining)"


def compile_rules(kb: KnowledgeBase, name: str | None = None) -> Matcher:
    """A knowledge base's rules compiled by the named matcher (default: ``default_matcher``)."""
    name = name or default_matcher()
    if name == "durable":
        from .durable import DurableMatcher

        return DurableMatcher(kb)
    if name == "python":
        from .python import PythonMatcher

        return PythonMatcher(kb)
    raise MatcherError(Message("matcher.unknown", name=repr(name)))
