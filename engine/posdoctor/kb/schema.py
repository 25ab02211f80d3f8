"""Shape checks for knowledge-base items: known keys, types, required fields, ranges.

A ``Reader`` walks one YAML file; each ``read_*`` function (in ``items`` and ``rules_schema``)
takes an item with its location, reports every problem it finds to the reader and returns the
model value, or None when the item is too broken to use.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from .model import LANGS, Origin, SourceRef, Text
from .problems import Problem, suggestion
from .yamlfile import Path, YamlDoc

ID = re.compile(r"^[a-z][a-z0-9_]*$")
RULE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
COMPARISONS = ("gt", "gte", "lt", "lte")
ATOM_OPS = ("is", "in", "matches") + COMPARISONS
SYNONYMS = {
    "equals": "is",
    "eq": "is",
    "==": "is",
    "=": "is",
    "regex": "matches",
    "match": "matches",
    ">": "gt",
    ">=": "gte",
    "<": "lt",
    "<=": "lte",
    "one_of": "in",
}


class Reader:
    """Reads items of one YAML file, collecting problems instead of raising."""

    def __init__(self, doc: YamlDoc, problems: list[Problem], thorough: bool = False):
        self.doc = doc
        self.problems = problems
        self.thorough = thorough  # `kb check`: also run what only tests the KB's own examples

    def fail(self, path: Path, message: str, hint: str = "", key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, hint, key=key))

    def one_of(self, value: Any, path: Path, choices: Collection[str], what: str) -> Any:
        """``value`` if it is one of ``choices``, else None and a problem "unknown {what}"."""
        if value in choices:
            return value
        self.fail(path, f"unknown {what} {value!r}", suggestion(str(value), choices, "use one of"))
        return None

    def origin(self, path: Path) -> Origin:
        return Origin(self.doc.file, self.doc.where(path)[0])

    # ---- generic shapes -----------------------------------------------------------------------
    def mapping(
        self,
        value: Any,
        path: Path,
        required: tuple[str, ...],
        optional: tuple[str, ...],
        what: str,
    ) -> dict | None:
        """Check ``value`` is a mapping with the required keys and no unknown ones."""
        if not isinstance(value, dict):
            self.fail(path, f"{what} must be a mapping (got {kind_of(value)})")
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                self.fail(
                    path + (key,),
                    f"unknown key '{key}'",
                    suggestion(key, allowed, "allowed"),
                    key=True,
                )
        missing = [k for k in required if k not in value]
        for key in missing:
            self.fail(path, f"missing required key '{key}'")
        return value if not missing else None

    def ident(self, value: Any, path: Path, pattern: re.Pattern = ID) -> str | None:
        if not isinstance(value, str) or not pattern.match(value):
            form = "lower_snake_case" if pattern is ID else "lower-case letters, digits, _ and -"
            self.fail(path, f"id must be {form} (got {value!r})")
            return None
        return value

    def text(self, value: Any, path: Path) -> Text | None:
        """A bilingual text ``{zh, en}``."""
        if not isinstance(value, dict):
            self.fail(path, f"text must be a mapping {{zh: ..., en: ...}} (got {kind_of(value)})")
            return None
        ok = True
        for lang in value:
            if lang not in LANGS:
                hint = (
                    "a comma inside {zh: ..., en: ...} ends the text: put the text in quotes"
                    if " " in str(lang) or "," in str(lang)
                    else "use zh and en"
                )
                self.fail(path + (lang,), f"unknown language '{lang}'", hint, key=True)
        for lang in LANGS:
            item = value.get(lang)
            if not isinstance(item, str) or not item.strip():
                self.fail(
                    path,
                    f"missing {lang} text"
                    if item is None
                    else f"{lang} text must be non-empty text (got {kind_of(item)})",
                )
                ok = False
        return Text(value["zh"].strip(), value["en"].strip()) if ok else None

    def texts(self, value: Any, path: Path) -> tuple[Text, ...] | None:
        items = self.listof(value, path)
        if items is None:
            return None
        out = [self.text(v, path + (i,)) for i, v in enumerate(items)]
        return tuple(t for t in out if t) if all(out) else None

    def listof(self, value: Any, path: Path) -> list | None:
        if not isinstance(value, list):
            self.fail(path, f"must be a list (got {kind_of(value)})")
            return None
        return value

    def ids(self, value: Any, path: Path) -> tuple[str, ...] | None:
        items = self.listof(value, path)
        if items is None:
            return None
        out = [self.ident(v, path + (i,)) for i, v in enumerate(items)]
        return tuple(out) if all(out) else None  # type: ignore[arg-type]

    def number(
        self,
        value: Any,
        path: Path,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        hi_open: bool = False,
    ) -> float | None:
        """A number within [lo, hi] (open ends when asked)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, f"must be a number (got {kind_of(value)})")
            return None
        too_low = lo is not None and (value <= lo if lo_open else value < lo)
        too_high = hi is not None and (value >= hi if hi_open else value > hi)
        if too_low or too_high:
            left = "(" if lo_open else "["
            right = ")" if hi_open else "]"
            span = f"{left}{show_number(lo)}, {show_number(hi)}{right}"
            self.fail(path, f"must be in {span} (got {show_number(value)})")
            return None
        return float(value)

    def boolean(self, value: Any, path: Path) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false (got {kind_of(value)})")
            return None
        return value

    def string(self, value: Any, path: Path) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"must be non-empty text (got {kind_of(value)})")
            return None
        return value

    def sources(self, value: Any, path: Path) -> tuple[SourceRef, ...]:
        """``{ref, section}`` or a list of them."""
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            at = path + (i,) if isinstance(value, list) else path
            m = self.mapping(item, at, ("ref",), ("section",), "a source reference")
            if m and self.ident(m["ref"], at + ("ref",), RULE_ID):
                section = m.get("section", "")
                if section != "" and not isinstance(section, (str, int)):
                    self.fail(at + ("section",), f"must be text (got {kind_of(section)})")
                out.append(SourceRef(m["ref"], str(section)))
        return tuple(out)


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {show_number(value)}"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    kinds: dict[type, str] = {dict: "a mapping", list: "a list"}
    return kinds.get(type(value), type(value).__name__)


def show_number(value: Any) -> str:
    return "-inf" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
