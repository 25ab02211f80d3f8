"""A strict YAML reader that remembers where every value came from.

PyYAML silently keeps the last of two duplicate keys and reads ``no``/``off`` as False; this reader
refuses both, refuses tabs in indentation, and records the line and column of every value so that
later checks can point at it.
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

Path = tuple[Any, ...]
_YAML11_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass
class YamlDoc:
    """A parsed file: its data, where each path came from, and the problems met reading it."""

    file: str
    data: Any = None
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path`` (or of its key), else of a parent."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

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
                out += f" ({data['id']})"
        else:
            out += (" > " if out else "") + str(part)
            data = data.get(part) if isinstance(data, dict) else None
    return out


def read_yaml(text: str, file: str) -> YamlDoc:
    """Parse ``text`` strictly; problems are collected, never raised."""
    doc = YamlDoc(file)
    for number, line in enumerate(text.splitlines(), 1):
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
    if doc.problems:
        return doc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        at = exc.problem_mark or exc.context_mark
        row, column = (at.line + 1, at.column + 1) if at else (1, 1)
        message = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        doc.problems.append(Problem(file, row, column, "", f"YAML syntax error: {message}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(file, 1, 1, "", f"YAML syntax error: {exc}"))
        return doc
    finally:
        loader.dispose()
    if node is not None:
        pending: list[tuple[Path, str, str, tuple[int, int] | None]] = []
        doc.data = _build(node, (), doc, loader, pending)
        for path, message, hint, spot in pending:
            row, column = spot or doc.where(path)
            doc.problems.append(
                Problem(file, row, column, format_path(path, doc.data), message, hint)
            )
    return doc


def _build(node: yaml.Node, path: Path, doc: YamlDoc, loader: Any, pending: list) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(node, path, doc, loader, pending)
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, path + (i,), doc, loader, pending) for i, item in enumerate(node.value)
        ]
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
        pending.append((path, f"cannot read value: {exc}", "", None))
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
        doc.key_marks[path + (key,)] = key_mark
        out[key] = _build(value_node, path + (key,), doc, loader, pending)
    return out
