"""A strict YAML reader that remembers where every value came from.

PyYAML silently keeps the last of two duplicate keys and reads ``no``/``off`` as False; this reader
refuses both, refuses tabs in indentation, and records the line and column of every value so that
later checks can point at it. It also refuses what would make reading unbounded (docs/limits.md):
files over MAX_BYTES, nesting deeper than MAX_DEPTH, and aliases that would add more than
MAX_ALIAS_VALUES values (a "billion laughs" file grows to gigabytes from a few lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's composer is much faster; marks are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .problems import Problem

MAX_BYTES = 4 * 1024 * 1024  # one YAML or JSON file (a KB file or a facts file)
MAX_DEPTH = 100  # lists and mappings inside each other (the bundled KB goes 8 deep)
MAX_ALIAS_VALUES = 10_000  # values that *aliases may add to one document

Path = tuple[Any, ...]
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG = "tag:yaml.org,2002:str"
_TOO_DEEP = "exceeded maximum nesting depth"  # as libyaml says it


@dataclass
class YamlDoc:
    """A parsed file: its data, where each path came from, and the problems met reading it.

    Where a value came from is looked up in the parsed node tree only when something asks
    (a problem to report, an item's origin): recording a mark for each of a KB's ~40,000 values
    while reading cost a third of reading it."""

    file: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    root: yaml.Node | None = field(default=None, repr=False)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path`` (or of its key), else of a parent."""
        node, key_node = self.root, None
        if node is None:
            return (1, 1)
        for part in path:
            child, child_key = _child(node, part)
            if child is None:
                key_node = None
                break
            node, key_node = child, child_key
        mark = (key_node if key and key_node is not None else node).start_mark
        return (mark.line + 1, mark.column + 1)

    def problem(
        self, path: Path, message: str, hint: str = "", severity: str = "error", key: bool = False
    ) -> Problem:
        """Make a Problem located at ``path`` (at its key when ``key``) in this file."""
        line, col = self.where(path, key)
        return Problem(self.file, line, col, format_path(path, self.data), message, hint, severity)


def format_path(path: Path, data: Any = None) -> str:
    """Render a key path such as ``rules[4] (dns-fails) > then > cause``, naming items by id."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            data = data[part] if isinstance(data, list) and part < len(data) else None
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                ident = data["id"]  # quoted when it would break the one-line message
                out += f" ({ident if ident.isprintable() else repr(ident)})"
        else:
            out += (" > " if out else "") + str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return out


def _child(node: yaml.Node, part: Any) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The node at ``part`` under ``node`` (the first of duplicate keys, as read) and its key."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                return value_node, key_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part], None
    return None, None


def read_limited(path: Any) -> bytes | None:
    """The bytes of the file at ``path``, or None when it has more than MAX_BYTES (OSError when
    it cannot be read); never reads more than that, so /dev/zero or a huge file cannot fill memory.
    """
    with open(path, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    return raw if len(raw) <= MAX_BYTES else None


def too_big(file: str) -> Problem:
    """The problem of a file over MAX_BYTES."""
    return Problem(
        file, 1, 1, "", f"the file is bigger than {MAX_BYTES // 2**20} MiB", "see docs/limits.md"
    )


def read_yaml(text: str, file: str) -> YamlDoc:
    """Parse ``text`` strictly; problems are collected, never raised."""
    doc = YamlDoc(file)
    if len(text) > MAX_BYTES:
        doc.problems.append(too_big(file))
        return doc
    for number, line in enumerate(text.splitlines() if "\t" in text else (), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            doc.problems.append(
                Problem(
                    file,
                    number,
                    line.index("\t") + 1,
                    "",
                    "tab character in indentation",
                    "indent with spaces",
                )
            )
    if not doc.problems:
        bomb = _alias_problem(text, file)
        if bomb is not None:
            doc.problems.append(bomb)
    if doc.problems:
        return doc
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        at = exc.problem_mark or exc.context_mark
        row, column = (at.line + 1, at.column + 1) if at else (1, 1)
        message = _syntax_reason(exc)
        doc.problems.append(Problem(file, row, column, "", f"YAML syntax error: {message}"))
        return doc
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = exc.position
        where = (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))
        message = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        doc.problems.append(Problem(file, *where, "", f"YAML syntax error: {message}"))
        return doc
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        doc.problems.append(Problem(file, 1, 1, "", f"YAML syntax error: {message}"))
        return doc
    except RecursionError:  # the pure-Python parser, which has no nesting limit of its own
        doc.problems.append(Problem(file, 1, 1, "", "YAML syntax error: " + _TOO_DEEP))
        return doc
    finally:
        if loader is not None:
            loader.dispose()
    if node is not None:
        doc.root = node
        try:
            doc.data = _quick(node, 0, loader)
            return doc
        except _Irregular:  # something to report: build again, minding each value's path
            pass
        pending: list[tuple[Path, str, str, tuple[int, int] | None]] = []
        doc.data = _build(node, (), doc, loader, pending)
        for path, message, hint, spot in pending:
            row, column = spot or doc.where(path)
            doc.problems.append(
                Problem(file, row, column, format_path(path, doc.data), message, hint)
            )
    return doc


def _syntax_reason(exc: yaml.MarkedYAMLError) -> str:
    """The problem of a syntax error on one line; the composer's two-part ones made whole."""
    problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    if problem == "second occurrence" and exc.context_mark:  # the composer's duplicate anchor
        return f"found duplicate anchor (first occurrence at line {exc.context_mark.line + 1})"
    if problem == "but found another document":
        return "expected a single document in the stream, but found another document"
    return problem


def _alias_problem(text: str, file: str) -> Problem | None:
    """Aliases that would add more than MAX_ALIAS_VALUES values or that contain themselves, found
    from the events in one pass before anything is built (syntax errors are left to the composer).
    """
    if "&" not in text or "*" not in text:
        return None  # no anchor or no alias: nothing to expand
    sizes: dict[str, int] = {}  # values of each finished anchored node, aliases expanded
    stack: list[list[Any]] = []  # [anchor, values so far] of each open list or mapping
    added = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            size = 1
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([event.anchor, 1])
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                if any(frame[0] == event.anchor for frame in stack):
                    message = f"alias '*{event.anchor}' is inside the node it names"
                    return Problem(file, line, col, "", message, "an alias cannot contain itself")
                size = sizes.get(event.anchor or "", 0)
                added += size
                if added > MAX_ALIAS_VALUES:
                    message = f"aliases here expand the file beyond {MAX_ALIAS_VALUES:,} values"
                    hint = "write the values out instead of using *aliases; see docs/limits.md"
                    return Problem(file, line, col, "", message, hint)
                anchor = None
            elif isinstance(event, yaml.ScalarEvent):
                anchor = event.anchor
            else:
                continue
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
    except yaml.YAMLError:
        return None
    return None


class _Irregular(Exception):
    """Raised by the quick builder at anything _build would report."""


_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, LookupError, ArithmeticError, TypeError)


def _quick(node: yaml.Node, depth: int, loader: Any) -> Any:
    """The data of a file with nothing to report, built without tracking paths (most files)."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        if node.tag == _STR_TAG:
            return node.value
        if node.tag == _BOOL_TAG and _YAML11_BOOL.match(node.value):
            raise _Irregular
        try:
            return loader.construct_object(node, deep=True)
        except _CONSTRUCT_ERRORS:
            loader.recursive_objects.pop(node, None)  # else a retry says "recursive node"
            raise _Irregular from None
    if depth >= MAX_DEPTH:
        raise _Irregular
    if kind is yaml.MappingNode:
        out = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Irregular
            out[key_node.value] = _quick(value_node, depth + 1, loader)
        if len(out) != len(node.value):  # a duplicate key
            raise _Irregular
        return out
    if kind is yaml.SequenceNode:
        return [_quick(item, depth + 1, loader) for item in node.value]
    raise _Irregular


def _build(node: yaml.Node, path: Path, doc: YamlDoc, loader: Any, pending: list) -> Any:
    if len(path) >= MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        message = f"nested more than {MAX_DEPTH} levels deep"
        if not any(p.message == message for p in doc.problems):  # once, not once per branch
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            doc.problems.append(Problem(doc.file, line, column, "", message))
        return None
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, doc, loader, pending)
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), doc, loader, pending) for i, item in enumerate(node.value)
        ]
    if node.tag == _STR_TAG:  # most values: what PyYAML's str constructor returns, directly
        return node.value
    if node.tag == _BOOL_TAG and _YAML11_BOOL.match(node.value):
        pending.append(
            (
                path,
                f"ambiguous boolean '{node.value}'",
                "write true or false; quote it if you mean the text",
                None,
            )
        )
        # go on with the value PyYAML would give, so one mistake is reported once
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        why = " ".join(str(getattr(exc, "problem", None) or exc).split())  # one line, no marks
        why = why.partition(": ")[0] if why.startswith("failed to ") else why  # codec's words
        pending.append((path, f"cannot read value: {why}", "", None))
    except (ValueError, LookupError, ArithmeticError, TypeError):  # 2020-13-45, !!int x, !!int
        kind = node.tag.rpartition(":")[2]
        message = f"cannot read value: '{node.value}' is not a valid {kind}"
        pending.append((path, message, "quote it if you mean the text", None))
    return node.value


def _build_mapping(
    node: yaml.MappingNode, path: Path, doc: YamlDoc, loader: Any, pending: list
) -> dict:
    out: dict[Any, Any] = {}
    first_line: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            pending.append((path, "mapping keys must be plain words", "", None))
            continue
        key = key_node.value
        line = key_node.start_mark.line + 1
        key_mark = (line, key_node.start_mark.column + 1)
        if key in first_line:
            pending.append(
                (
                    path + (key,),
                    f"duplicate key '{key}' (first defined at line {first_line[key]})",
                    "",
                    key_mark,
                )
            )
            continue
        first_line[key] = line
        out[key] = _build(value_node, path + (key,), doc, loader, pending)
    return out
