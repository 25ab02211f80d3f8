"""Shape checks for knowledge-base items: known keys, types, required fields, ranges.

Each ``read_*`` function takes a YAML item with its location, reports every problem it finds to
the ``Reader`` and returns the model value, or None when the item is too broken to use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .model import (
    CATEGORIES,
    FACT_TYPES,
    LANGS,
    STRENGTHS,
    All,
    AnyOf,
    Atom,
    Capture,
    Cause,
    Choice,
    Conclusion,
    Fact,
    FixRef,
    Not,
    Origin,
    Practice,
    Rule,
    Signature,
    Source,
    SourceRef,
    Step,
    Team,
    Text,
)
from .problems import Problem, did_you_mean
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

    def __init__(self, doc: YamlDoc, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def fail(self, path: Path, message: str, hint: str = "", key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, hint, key=key))

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
            self.fail(path, f"{what} must be a mapping (got {_kind(value)})")
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed)
                self.fail(path + (key,), f"unknown key '{key}'", hint, key=True)
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
            self.fail(path, f"text must be a mapping {{zh: ..., en: ...}} (got {_kind(value)})")
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
                    else f"{lang} text must be non-empty text (got {_kind(item)})",
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
            self.fail(path, f"must be a list (got {_kind(value)})")
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
            self.fail(path, f"must be a number (got {_kind(value)})")
            return None
        too_low = lo is not None and (value <= lo if lo_open else value < lo)
        too_high = hi is not None and (value >= hi if hi_open else value > hi)
        if too_low or too_high:
            left = "(" if lo_open else "["
            right = ")" if hi_open else "]"
            self.fail(path, f"must be in {left}{_num(lo)}, {_num(hi)}{right} (got {_num(value)})")
            return None
        return float(value)

    def boolean(self, value: Any, path: Path) -> bool | None:
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false (got {_kind(value)})")
            return None
        return value

    def string(self, value: Any, path: Path) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"must be non-empty text (got {_kind(value)})")
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
                    self.fail(at + ("section",), f"must be text (got {_kind(section)})")
                out.append(SourceRef(m["ref"], str(section)))
        return tuple(out)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {_num(value)}"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def _num(value: Any) -> str:
    return "-inf" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


# ---- sections ---------------------------------------------------------------------------------


def read_source(r: Reader, item: Any, path: Path) -> Source | None:
    m = r.mapping(item, path, ("id", "title"), ("url", "note"), "a source")
    if not m:
        return None
    sid, title = r.ident(m["id"], path + ("id",), RULE_ID), r.text(m["title"], path + ("title",))
    url = m.get("url", "")
    if url and not (isinstance(url, str) and re.match(r"^https?://\S+$", url)):
        r.fail(path + ("url",), f"must be an http(s) address (got {url!r})")
    return Source(sid, title, str(url), r.origin(path)) if sid and title else None


def read_team(r: Reader, item: Any, path: Path) -> Team | None:
    m = r.mapping(item, path, ("id", "name"), ("description",), "a team")
    if not m:
        return None
    tid, name = r.ident(m["id"], path + ("id",)), r.text(m["name"], path + ("name",))
    if "description" in m:
        r.text(m["description"], path + ("description",))
    return Team(tid, name, r.origin(path)) if tid and name else None


def read_practice(r: Reader, item: Any, path: Path) -> Practice | None:
    m = r.mapping(item, path, ("id", "text"), ("source",), "a practice")
    if not m:
        return None
    pid, text = r.ident(m["id"], path + ("id",)), r.text(m["text"], path + ("text",))
    src = r.sources(m["source"], path + ("source",)) if "source" in m else ()
    return Practice(pid, text, src, r.origin(path)) if pid and text else None


FACT_KEYS = ("values", "unit", "min", "max", "derived_from", "ask", "source", "group")


def read_fact(r: Reader, item: Any, path: Path) -> Fact | None:
    m = r.mapping(
        item, path, ("id", "type", "label", "question", "check", "cost"), FACT_KEYS, "a fact"
    )
    if not m:
        return None
    ftype = m["type"]
    if ftype not in FACT_TYPES:
        r.fail(
            path + ("type",),
            f"unknown fact type {ftype!r}",
            did_you_mean(ftype, FACT_TYPES) or "use one of: " + ", ".join(FACT_TYPES),
        )
        return None
    fields = dict(
        id=r.ident(m["id"], path + ("id",)),
        type=ftype,
        label=r.text(m["label"], path + ("label",)),
        question=r.text(m["question"], path + ("question",)),
        check=r.texts(m["check"], path + ("check",)),
        cost=r.number(m["cost"], path + ("cost",), 0, 24 * 60),
        origin=r.origin(path),
    )
    ok = _read_fact_typing(r, m, path, ftype, fields)
    if "derived_from" in m:
        fields["derived_from"] = r.ids(m["derived_from"], path + ("derived_from",))
    if "ask" in m:
        fields["ask"] = r.boolean(m["ask"], path + ("ask",))
    else:
        fields["ask"] = not m.get("derived_from")
    if "source" in m:
        fields["source"] = r.sources(m["source"], path + ("source",))
    if "group" in m:
        r.ident(m["group"], path + ("group",))
    if not ok or any(v is None for v in fields.values()):
        return None
    if fields["check"] == ():
        r.fail(path + ("check",), "needs at least one operator step")
        return None
    return Fact(**fields)


def _read_fact_typing(r: Reader, m: dict, path: Path, ftype: str, fields: dict) -> bool:
    """Check the keys that depend on the fact's type; fill ``fields``."""
    ok = True
    wrong = {
        "boolean": ("values", "unit", "min", "max"),
        "text": ("values", "unit", "min", "max"),
        "choice": ("unit", "min", "max"),
        "number": ("values",),
    }[ftype]
    for key in wrong:
        if key in m:
            r.fail(path + (key,), f"'{key}' does not apply to a {ftype} fact", key=True)
            ok = False
    if ftype == "choice":
        fields["values"] = _read_choices(r, m.get("values"), path + ("values",))
        ok = ok and fields["values"] is not None
    if ftype == "number":
        if "unit" not in m:
            r.fail(
                path, "a number fact needs a 'unit'", "e.g. unit: '%' or unit: {zh: 分钟, en: min}"
            )
            return False
        unit = m["unit"]
        fields["unit"] = (
            Text(unit, unit) if isinstance(unit, str) else r.text(unit, path + ("unit",))
        )
        for key in ("min", "max"):
            if key in m:
                fields[key] = r.number(m[key], path + (key,))
        lo, hi = fields.get("min"), fields.get("max")
        if lo is not None and hi is not None and lo >= hi:
            r.fail(path + ("max",), f"max must be above min (got min {_num(lo)}, max {_num(hi)})")
            ok = False
    return ok


def _read_choices(r: Reader, value: Any, path: Path) -> tuple[Choice, ...] | None:
    if value is None:
        r.fail(path[:-1], "a choice fact needs 'values'", "a list of {id, zh, en}")
        return None
    items = r.listof(value, path)
    if not items:
        if items == []:
            r.fail(path, "needs at least two values")
        return None
    out, seen = [], set()
    for i, item in enumerate(items):
        m = r.mapping(item, path + (i,), ("id", "zh", "en"), (), "a value")
        if not m:
            continue
        vid = r.ident(m["id"], path + (i, "id"))
        label = r.text({"zh": m["zh"], "en": m["en"]}, path + (i,))
        if vid in seen:
            r.fail(path + (i, "id"), f"duplicate value '{vid}'")
        elif vid and label:
            seen.add(vid)
            out.append(Choice(vid, label))
    if len(out) != len(items):
        return None
    if len(out) < 2:
        r.fail(path, "needs at least two values")
        return None
    return tuple(out)


def read_cause(r: Reader, item: Any, path: Path) -> Cause | None:
    m = r.mapping(
        item,
        path,
        ("id", "category", "title", "description", "prior", "fixes", "escalate_to", "source"),
        ("prevention",),
        "a cause",
    )
    if not m:
        return None
    category = m["category"]
    if category not in CATEGORIES:
        r.fail(
            path + ("category",),
            f"unknown category {category!r}",
            did_you_mean(category, CATEGORIES) or "use one of: " + ", ".join(CATEGORIES),
        )
        category = None
    fields = dict(
        id=r.ident(m["id"], path + ("id",)),
        category=category,
        title=r.text(m["title"], path + ("title",)),
        description=r.text(m["description"], path + ("description",)),
        prior=r.number(m["prior"], path + ("prior",), 0, 1, lo_open=True, hi_open=True),
        fixes=_read_fixes(r, m["fixes"], path + ("fixes",)),
        escalate_to=r.ident(m["escalate_to"], path + ("escalate_to",)),
        prevention=r.ids(m.get("prevention", []), path + ("prevention",)),
        source=r.sources(m["source"], path + ("source",)),
        origin=r.origin(path),
    )
    return None if any(v is None for v in fields.values()) else Cause(**fields)


def _read_fixes(r: Reader, value: Any, path: Path) -> tuple[FixRef, ...] | None:
    items = r.listof(value, path)
    if items is None:
        return None
    if not items:
        r.fail(path, "a cause needs at least one fix step")
        return None
    out = []
    for i, item in enumerate(items):
        m = r.mapping(item, path + (i,), ("step", "success"), (), "a fix")
        if m:
            step = r.ident(m["step"], path + (i, "step"))
            success = r.number(m["success"], path + (i, "success"), 0, 1, lo_open=True)
            if step and success is not None:
                out.append(FixRef(step, success))
    return tuple(out) if len(out) == len(items) else None


def read_step(r: Reader, item: Any, path: Path) -> Step | None:
    m = r.mapping(
        item,
        path,
        ("id", "title", "do", "minutes", "verify"),
        ("risky", "warning", "requires", "source"),
        "a step",
    )
    if not m:
        return None
    fields = dict(
        id=r.ident(m["id"], path + ("id",)),
        title=r.text(m["title"], path + ("title",)),
        do=r.texts(m["do"], path + ("do",)),
        minutes=r.number(m["minutes"], path + ("minutes",), 0, 7 * 24 * 60, lo_open=True),
        verify=r.text(m["verify"], path + ("verify",)),
        risky=r.boolean(m.get("risky", False), path + ("risky",)),
        requires=r.ids(m.get("requires", []), path + ("requires",)),
        source=r.sources(m["source"], path + ("source",)) if "source" in m else (),
        origin=r.origin(path),
    )
    warning = r.text(m["warning"], path + ("warning",)) if "warning" in m else None
    if fields["risky"] and "warning" not in m:
        r.fail(path, "a risky step needs a 'warning'", "say what can be lost")
        return None
    if any(v is None for v in fields.values()) or ("warning" in m and warning is None):
        return None
    if not fields["do"]:
        r.fail(path + ("do",), "needs at least one instruction")
        return None
    return Step(warning=warning, **fields)


# ---- rules ------------------------------------------------------------------------------------


def read_rule(r: Reader, item: Any, path: Path) -> Rule | None:
    m = r.mapping(item, path, ("id", "when", "then"), ("because", "source"), "a rule")
    if not m:
        return None
    rid = r.ident(m["id"], path + ("id",), RULE_ID)
    when = read_condition(r, m["when"], path + ("when",))
    then = _read_conclusions(r, m["then"], path + ("then",))
    because = r.text(m["because"], path + ("because",)) if "because" in m else None
    src = r.sources(m["source"], path + ("source",)) if "source" in m else ()
    if rid is None or when is None or then is None or ("because" in m and because is None):
        return None
    return Rule(rid, when, then, because, src, r.origin(path))


def read_condition(r: Reader, value: Any, path: Path) -> Any:
    """Parse a condition; a list means all of its items."""
    if isinstance(value, list):
        if not value:
            r.fail(path, "an empty list of conditions")
            return None
        items = [read_condition(r, v, path + (i,)) for i, v in enumerate(value)]
        return All(tuple(items)) if all(i is not None for i in items) else None
    if not isinstance(value, dict):
        r.fail(
            path,
            f"a condition must be a mapping (got {_kind(value)})",
            "e.g. {fact: some_fact, is: true}",
        )
        return None
    for key, make in (("all", All), ("any", AnyOf)):
        if key in value:
            if len(value) != 1:
                r.fail(path, f"'{key}' must stand alone in its mapping")
                return None
            inner = value[key]
            if not isinstance(inner, list) or not inner:
                r.fail(path + (key,), f"'{key}' needs a non-empty list of conditions")
                return None
            items = [read_condition(r, v, path + (key, i)) for i, v in enumerate(inner)]
            return make(tuple(items)) if all(i is not None for i in items) else None
    if "not" in value:
        if len(value) != 1:
            r.fail(path, "'not' must stand alone in its mapping")
            return None
        inner = read_condition(r, value["not"], path + ("not",))
        return Not(inner) if inner is not None else None
    return _read_atom(r, value, path)


def _read_atom(r: Reader, value: dict, path: Path) -> Atom | None:
    for op in ("present", "absent"):
        if op in value:
            if len(value) != 1:
                r.fail(path, f"'{op}' takes only a fact id: {{{op}: FACT}}")
                return None
            fact = r.ident(value[op], path + (op,))
            return Atom(fact, op, at=path) if fact else None
    if "fact" not in value:
        r.fail(
            path,
            "a condition needs 'fact' (or all, any, not, present, absent)",
            did_you_mean(next(iter(value), ""), ("fact", "all", "any", "not", "present", "absent")),
        )
        return None
    ops = [k for k in value if k != "fact"]
    for key in ops:
        if key not in ATOM_OPS:
            hint = (
                f"did you mean '{SYNONYMS[key]}'?"
                if key in SYNONYMS
                else did_you_mean(key, ATOM_OPS) or "valid: " + ", ".join(ATOM_OPS)
            )
            r.fail(path + (key,), f"unknown operator '{key}'", hint, key=True)
            return None
    fact = r.ident(value["fact"], path + ("fact",))
    if not ops:
        r.fail(path, "a condition needs an operator", "one of: " + ", ".join(ATOM_OPS))
        return None
    if fact is None:
        return None
    if all(op in COMPARISONS for op in ops):
        return _read_range(r, value, ops, fact, path)
    if len(ops) != 1:
        r.fail(
            path,
            f"one operator per condition (got {', '.join(ops)})",
            "combine conditions with all/any",
        )
        return None
    op = ops[0]
    operand = value[op]
    if op == "in":
        if not isinstance(operand, list) or not operand:
            r.fail(path + ("in",), f"'in' needs a non-empty list (got {_kind(operand)})")
            return None
        return Atom(fact, "in", tuple(operand), at=path)
    if op == "matches":
        return _read_regex(r, operand, path + ("matches",), fact)
    if isinstance(operand, (list, dict)) or operand is None:
        r.fail(
            path + ("is",),
            f"'is' needs a single value (got {_kind(operand)})",
            "use 'in' for a list",
        )
        return None
    return Atom(fact, "is", operand, at=path)


def _read_range(r: Reader, value: dict, ops: list[str], fact: str, path: Path) -> Atom | None:
    lo = hi = None
    lo_incl = hi_incl = False
    for op in ops:
        number = r.number(value[op], path + (op,))
        if number is None:
            return None
        if op in ("gt", "gte"):
            if lo is not None:
                r.fail(path + (op,), "two lower bounds in one condition")
                return None
            lo, lo_incl = number, op == "gte"
        else:
            if hi is not None:
                r.fail(path + (op,), "two upper bounds in one condition")
                return None
            hi, hi_incl = number, op == "lte"
    return Atom(fact, "range", (lo, lo_incl, hi, hi_incl), at=path)


def _read_regex(r: Reader, operand: Any, path: Path, fact: str) -> Atom | None:
    if not isinstance(operand, str) or not operand:
        r.fail(path, f"'matches' needs a regular expression (got {_kind(operand)})")
        return None
    try:
        re.compile(operand)
    except re.error as exc:
        r.fail(path, f"invalid regular expression: {exc}")
        return None
    return Atom(fact, "matches", operand, at=path)


CONCLUSION_KINDS = ("supports", "opposes", "rules_out", "set")


def _read_conclusions(r: Reader, value: Any, path: Path) -> tuple[Conclusion, ...] | None:
    items = value if isinstance(value, list) else [value]
    if not items:
        r.fail(path, "a rule needs at least one conclusion")
        return None
    out = []
    for i, item in enumerate(items):
        at = path + (i,) if isinstance(value, list) else path
        conclusion = _read_conclusion(r, item, at)
        if conclusion is not None:
            out.append(conclusion)
    return tuple(out) if len(out) == len(items) else None


def _read_conclusion(r: Reader, item: Any, path: Path) -> Conclusion | None:
    if not isinstance(item, dict):
        r.fail(
            path,
            f"a conclusion must be a mapping (got {_kind(item)})",
            "e.g. {supports: some_cause, strength: strong}",
        )
        return None
    kinds = [k for k in CONCLUSION_KINDS if k in item]
    if len(kinds) != 1:
        r.fail(
            path,
            "a conclusion needs exactly one of: " + ", ".join(CONCLUSION_KINDS),
            did_you_mean(next(iter(item), ""), CONCLUSION_KINDS),
        )
        return None
    kind = kinds[0]
    extra = {
        "supports": ("strength",),
        "opposes": ("strength",),
        "rules_out": (),
        "set": ("value",),
    }[kind]
    m = r.mapping(item, path, (kind,) + extra, (), "a conclusion")
    if not m:
        return None
    target = r.ident(m[kind], path + (kind,))
    if kind in ("supports", "opposes"):
        strength = m["strength"]
        if strength not in STRENGTHS:
            r.fail(
                path + ("strength",),
                f"unknown strength {strength!r}",
                did_you_mean(strength, STRENGTHS) or "use one of: " + ", ".join(STRENGTHS),
            )
            return None
        return Conclusion(kind, target, strength) if target else None
    if kind == "set":
        val = m["value"]
        if isinstance(val, (list, dict)) or val is None:
            r.fail(path + ("value",), f"must be a single value (got {_kind(val)})")
            return None
        return Conclusion(kind, target, value=val) if target else None
    return Conclusion(kind, target) if target else None


# ---- signatures -------------------------------------------------------------------------------


def read_signature(r: Reader, item: Any, path: Path) -> Signature | None:
    m = r.mapping(
        item, path, ("id", "pattern", "sets", "examples", "source"), ("lang", "note"), "a signature"
    )
    if not m:
        return None
    sid = r.ident(m["id"], path + ("id",), RULE_ID)
    pattern = m["pattern"]
    try:
        compiled = re.compile(pattern, re.IGNORECASE) if isinstance(pattern, str) else None
    except re.error as exc:
        r.fail(path + ("pattern",), f"invalid regular expression: {exc}")
        return None
    if compiled is None:
        r.fail(path + ("pattern",), f"must be a regular expression (got {_kind(pattern)})")
        return None
    sets = _read_sets(r, m["sets"], path + ("sets",), compiled)
    examples = r.listof(m["examples"], path + ("examples",))
    if examples is not None:
        for i, example in enumerate(examples):
            if not isinstance(example, str):
                r.fail(path + ("examples", i), f"must be text (got {_kind(example)})")
            elif not compiled.search(example):
                r.fail(
                    path + ("examples", i),
                    "the pattern does not match this example",
                    "fix the pattern or the example",
                )
        if not examples:
            r.fail(path + ("examples",), "needs at least one real example line")
    src = r.sources(m["source"], path + ("source",))
    if sid is None or sets is None or not examples:
        return None
    return Signature(sid, pattern, sets, tuple(examples), src, r.origin(path))


def _read_sets(r: Reader, value: Any, path: Path, compiled: re.Pattern) -> dict | None:
    if not isinstance(value, dict) or not value:
        r.fail(path, f"must map fact ids to values (got {_kind(value)})")
        return None
    out: dict[str, Any] = {}
    for fact, val in value.items():
        if r.ident(fact, path + (fact,)) is None:
            return None
        if isinstance(val, dict):
            m = r.mapping(val, path + (fact,), ("capture",), (), "a capture")
            if not m:
                return None
            group = m["capture"]
            if group not in compiled.groupindex:
                r.fail(
                    path + (fact, "capture"),
                    f"the pattern has no group named {group!r}",
                    did_you_mean(group, compiled.groupindex) or "write (?P<name>...)",
                )
                return None
            out[fact] = Capture(group)
        elif isinstance(val, list) or val is None:
            r.fail(path + (fact,), f"must be a single value (got {_kind(val)})")
            return None
        else:
            out[fact] = val
    return out


SECTIONS: dict[str, Callable[[Reader, Any, Path], Any]] = {
    "facts": read_fact,
    "causes": read_cause,
    "steps": read_step,
    "signatures": read_signature,
    "practices": read_practice,
    "teams": read_team,
    "sources": read_source,
}
RULE_SECTIONS: dict[str, Callable[[Reader, Any, Path], Any]] = {"rules": read_rule}
