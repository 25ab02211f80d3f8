"""A per-user cache of knowledge bases that checked clean, keyed by a hash of their files.

Reading and checking ~70 YAML files takes most of a command's start-up; an unchanged KB is
loaded from here instead. The cache is read back with an unpickler that only builds the KB's own
record classes, so a tampered file cannot run code; the folder is created private to the user.
Set POSDOCTOR_CACHE=off to disable it, or to a folder to move it. Each entry is ~540 KB and
every KB version (every edit, every posdoctor or Python version) makes a new one, so only the
KEEP most recently used are kept: storing one removes the older rest.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from .._version import __version__
from .model import KnowledgeBase

FORMAT = 4  # bump when the model classes change shape or module
KEEP = 5  # entries kept: the bundled KB and a few being edited, for each version in use


def folder() -> Path | None:
    where = os.environ.get("POSDOCTOR_CACHE", "")
    if where.lower() in ("off", "0", "no", "false"):
        return None
    return Path(where) if where else Path(user_cache_dir("posdoctor", appauthor=False))


def _path(digest: str) -> Path | None:
    base = folder()
    tag = f"{__version__}-{FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"
    return base / f"kb-{digest}-{tag}.pickle" if base else None


class _ModelUnpickler(pickle.Unpickler):
    """Builds only the knowledge-base record classes: a tampered cache file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "posdoctor.kb.model" and name[:1].isupper():
            return super().find_class(module, name)
        if (module, name) in (
            ("builtins", "frozenset"),
            ("builtins", "set"),
            ("posdoctor.kb.problems", "Problem"),  # a KB's warnings
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused {module}.{name} in a knowledge-base cache")


def load(digest: str) -> KnowledgeBase | None:
    """The cached KB for these files, or None (absent, stale or unreadable)."""
    path = _path(digest)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            kb = _ModelUnpickler(f).load()
    except Exception:
        return None
    if not isinstance(kb, KnowledgeBase):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the last to be pruned
    return kb


def store(digest: str, kb: KnowledgeBase) -> None:
    """Keep a KB that checked clean; failures to write are ignored (it is only a cache)."""
    path = _path(digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(kb, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        return
    prune(path.parent)


def prune(base: Path, keep: int = KEEP) -> None:
    """Remove all but the ``keep`` most recently used entries in ``base`` (errors ignored)."""
    entries = []
    for entry in base.glob("kb-*.pickle"):
        try:
            entries.append((entry.stat().st_mtime, entry))
        except OSError:  # removed meanwhile by another posdoctor
            continue
    for _, entry in sorted(entries, reverse=True)[keep:]:
        try:
            entry.unlink()
        except OSError:
            continue
