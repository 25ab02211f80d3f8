"""Column mappings: a TMS export's names and outcome words -> the triage's standard ones.

A mapping is a YAML file (shipped ones live in ``columns/``; ``--columns NAME`` picks one by
name, ``--columns FILE`` reads yours)::

    source: {title: ..., url: ...}      # the public page the names come from
    rename: {controllerId: terminal_id, status: outcome}
    outcome: {finished: success, error: failed}
    failed: [failed, timeout, rejected] # optional: which outcomes count as failed
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..kb.problems import UserInputError
from ..messages import Message

OUTCOMES = ("success", "failed", "timeout", "rejected", "canceled", "pending")
FAILED = ("failed", "timeout", "rejected")
STANDARD = ("terminal_id", "outcome", "error_text", "error_code", "stage", "ts_start")


class MappingError(UserInputError):
    """A column mapping file that cannot be used (a catalogue Message; str() is English)."""


@dataclass(frozen=True)
class Mapping:
    """How to read one export: renamed columns, outcome words, which outcomes are failures."""

    rename: dict[str, str] = field(default_factory=dict)
    outcome: dict[str, str] = field(default_factory=dict)
    failed: tuple[str, ...] = FAILED
    name: str = "standard"

    def outcome_of(self, word: str) -> str | None:
        """The standard outcome of a value as written in the export (None: unknown)."""
        key = word.strip()
        key = self.outcome.get(key.lower(), key.lower())
        return key if key in OUTCOMES else None


def shipped() -> dict[str, Path]:
    """The bundled mappings by name."""
    folder = resources.files(__package__).joinpath("columns")
    return {Path(p.name).stem: Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml")}


def load_mapping(name_or_path: str | None) -> Mapping:
    """The standard mapping, a shipped one by name, or one read from a file."""
    if not name_or_path:
        return Mapping()
    path = shipped().get(name_or_path) or Path(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        known = ", ".join(sorted(shipped()))
        raise MappingError(
            Message("fleetio.mapping_unreadable", name=name_or_path, why=exc.strerror, known=known)
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise MappingError(Message("fleetio.mapping_yaml", where=where)) from None
    return mapping_from(data, str(path))


def mapping_from(data: Any, where: str) -> Mapping:
    """Check a mapping document and build the Mapping."""
    if not isinstance(data, dict):
        raise MappingError(Message("fleetio.mapping_shape", where=where))
    unknown = set(data) - {"source", "rename", "outcome", "failed", "note"}
    if unknown:
        first = repr(sorted(unknown)[0])
        raise MappingError(Message("fleetio.mapping_key", where=where, name=first))
    rename = {str(k): str(v) for k, v in (data.get("rename") or {}).items()}
    outcome = {str(k).lower(): str(v) for k, v in (data.get("outcome") or {}).items()}
    for word, std in outcome.items():
        if std not in OUTCOMES:
            raise MappingError(
                Message(
                    "fleetio.mapping_outcome",
                    where=where,
                    word=repr(word),
                    std=repr(std),
                    choices=", ".join(OUTCOMES),
                )
            )
    failed = tuple(data.get("failed") or FAILED)
    bad = [f for f in failed if f not in OUTCOMES]
    if bad:
        raise MappingError(
            Message("fleetio.mapping_failed", where=where, bad=repr(bad[0]), choices=OUTCOMES)
        )
    return Mapping(rename, outcome, failed, Path(where).stem)


KINDS = (  # which kind of thing a dimension describes, from its name (first match wins)
    ("provider", r"provider|carrier|isp|operator|apn|mno"),
    ("connection", r"conn|network_type|bearer|wifi|signal|ip_prefix|subnet"),
    ("server", r"cdn|server|host|tms|endpoint|node|mirror"),
    ("package", r"package|artifact|distribution|firmware_file|bundle|rollout"),
    ("os", r"\bos|os_|firmware|rom|kernel|android|platform"),
    ("device", r"model|hw|hardware|device|sku|board"),
    ("app", r"app|sdk|version|software"),
    ("site", r"merchant|site|store|shop|region|city|country|branch|location|group"),
)


def kind_of(column: str) -> str:
    """The kind of a dimension (provider, connection, server, package, os, device, app, site)."""
    name = column.lower()
    return next((kind for kind, pattern in KINDS if re.search(pattern, name)), "other")
