"""Reading the knowledge sections: sources, teams, practices, facts, causes, steps, signatures."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .model import (
    CATEGORIES,
    FACT_TYPES,
    Capture,
    Cause,
    Choice,
    Fact,
    FixRef,
    Practice,
    Signature,
    Source,
    Step,
    Team,
    Text,
)
from .patterns import Pattern, PatternError, check_pattern, compile_pattern
from .problems import did_you_mean
from .rules_schema import read_rule
from .schema import RULE_ID, Reader, kind_of, show_number
from .yamlfile import Path


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


FACT_KEYS = (
    "values", "unit", "min", "max", "derived_from", "ask", "source", "group", "reliability",
)  # fmt: skip


def read_fact(r: Reader, item: Any, path: Path) -> Fact | None:
    m = r.mapping(
        item, path, ("id", "type", "label", "question", "check", "cost"), FACT_KEYS, "a fact"
    )
    if not m:
        return None
    ftype = r.one_of(m["type"], path + ("type",), FACT_TYPES, "fact type")
    if ftype is None:
        return None
    fields = dict(
        id=r.ident(m["id"], path + ("id",)),
        type=ftype,
        label=r.text(m["label"], path + ("label",)),
        question=r.text(m["question"], path + ("question",)),
        check=r.texts(m["check"], path + ("check",)),
        minutes=r.number(m["cost"], path + ("cost",), 0, 24 * 60),
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
    if "reliability" in m:
        fields["reliability"] = r.number(m["reliability"], path + ("reliability",), 0.5, 1)
    elif ftype == "text":
        fields["reliability"] = 1.0  # the words on the screen are what they are
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
            got = f"got min {show_number(lo)}, max {show_number(hi)}"
            r.fail(path + ("max",), f"max must be above min ({got})")
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
    category = r.one_of(m["category"], path + ("category",), CATEGORIES, "category")
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
    fields: dict[str, Any] = dict(
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


# ---- signatures -------------------------------------------------------------------------------


def read_signature(r: Reader, item: Any, path: Path) -> Signature | None:
    m = r.mapping(
        item, path, ("id", "pattern", "sets", "examples", "source"), ("lang", "note"), "a signature"
    )
    if not m:
        return None
    sid = r.ident(m["id"], path + ("id",), RULE_ID)
    pattern = m["pattern"]
    if not isinstance(pattern, str):
        r.fail(path + ("pattern",), f"must be a regular expression (got {kind_of(pattern)})")
        return None
    compiled = None  # compiled when a log is scanned; here when groups or examples need it
    try:
        if r.thorough or _captures(m["sets"]):
            compiled = compile_pattern(pattern)
        else:
            check_pattern(pattern)
    except PatternError as exc:
        r.fail(path + ("pattern",), exc.message, exc.hint)
        return None
    sets = _read_sets(r, m["sets"], path + ("sets",), compiled)
    examples = r.listof(m["examples"], path + ("examples",))
    if examples is not None:
        for i, example in enumerate(examples):
            if not isinstance(example, str):
                r.fail(path + ("examples", i), f"must be text (got {kind_of(example)})")
            elif r.thorough and compiled is not None and not compiled.search(example):
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


def _captures(sets: Any) -> bool:
    """Whether a signature's ``sets`` capture a group of its pattern (which needs compiling)."""
    return isinstance(sets, dict) and any(isinstance(v, dict) for v in sets.values())


def _read_sets(r: Reader, value: Any, path: Path, compiled: Pattern | None) -> dict | None:
    if not isinstance(value, dict) or not value:
        r.fail(path, f"must map fact ids to values (got {kind_of(value)})")
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
            assert compiled is not None  # compiled whenever a value captures
            if group not in compiled.groupindex:
                r.fail(
                    path + (fact, "capture"),
                    f"the pattern has no group named {group!r}",
                    did_you_mean(group, compiled.groupindex) or "write (?P<name>...)",
                )
                return None
            out[fact] = Capture(group)
        elif isinstance(val, list) or val is None:
            r.fail(path + (fact,), f"must be a single value (got {kind_of(val)})")
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
