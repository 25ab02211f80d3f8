"""Saved help-desk sessions: one JSON file each under the user's data folder, written atomically
after every answer, so a crash or Ctrl-C loses nothing."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from ..kb.problems import UserInputError
from ..messages import Message
from .phases import phase_of, status_of


class StoreError(UserInputError):
    """A saved session cannot be found, read or deleted."""


def sessions_dir() -> Path:
    """POSDOCTOR_HOME/sessions, else the platform's user data folder."""
    home = os.environ.get("POSDOCTOR_HOME")
    base = Path(home) if home else Path(user_data_dir("posdoctor", appauthor=False))
    return base / "sessions"


def save(data: dict[str, Any], folder: Path | None = None) -> Path:
    """Write a session atomically (temporary file, then rename)."""
    folder = folder or sessions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _path(sid: str, folder: Path) -> Path:
    """The file of a saved session, or StoreError naming the recent ones."""
    path = folder / f"{sid}.json"
    plain = 0 < len(sid) <= 200 and not sid.startswith(".") and not set(sid) & set("/\\\0")
    try:
        found = plain and path.is_file()
    except OSError:
        found = False
    if not found:
        known = ", ".join(s["id"] for s in list_sessions(folder)[:5])
        if known:
            raise StoreError(Message("store.no_session_recent", id=sid, recent=known))
        raise StoreError(Message("store.no_session", id=sid))
    return path


def load(sid: str, folder: Path | None = None) -> dict[str, Any]:
    folder = folder or sessions_dir()
    path = _path(sid, folder)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StoreError(Message("store.cannot_read", path=str(path), why=str(exc))) from None


def delete(sids: list[str], folder: Path | None = None) -> list[str]:
    """Delete saved sessions (they may hold merchant details); every id is checked first, so a
    typo deletes nothing."""
    folder = folder or sessions_dir()
    paths = [_path(sid, folder) for sid in sids]
    for path in paths:
        _unlink(path)
    return list(sids)


def prune(days: float, folder: Path | None = None, now: float | None = None) -> list[str]:
    """Delete every session file not updated for ``days`` days, unreadable ones and leftover
    temporary files included (all may hold merchant details); the ids deleted, oldest first."""
    import time

    folder = folder or sessions_dir()
    if not folder.is_dir():
        return []
    limit = (now if now is not None else time.time()) - days * 86400
    old = sorted((p.stat().st_mtime, p.name, p) for p in folder.glob("*.json"))
    deleted = []
    for mtime, _, path in old:
        if mtime < limit:
            _unlink(path)
            if not path.name.startswith("."):
                deleted.append(path.stem)
    return deleted


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(Message("store.cannot_delete", path=str(path), why=exc.strerror)) from None


def list_sessions(folder: Path | None = None) -> list[dict[str, Any]]:
    """Saved sessions, most recently updated first."""
    folder = folder or sessions_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        if path.name.startswith("."):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        events = data.get("events", [])
        out.append(
            {
                "id": path.stem,  # what --resume, report and --delete take
                "updated": path.stat().st_mtime,
                "answers": sum(e.get("kind") in ("answer", "given") for e in events),
                "status": status_of(events),
                "phase": phase_of(events),
                "meta": data.get("meta", {}),
            }
        )
    out.sort(key=lambda s: (-s["updated"], s["id"]))
    return out
