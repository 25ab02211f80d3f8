"""Saved help-desk sessions, in the one store the web desk uses too (posdoctor.store: SQLite
posdoctor.db under the user data folder by default, or POSDOCTOR_DB). Every save is a
transaction checked against the step the session was read at, so two ``ask`` processes on one
session cannot overwrite each other: the second is told, and keeps its answers in memory.

The JSON files of earlier versions (one per session under sessions/) import unchanged with
``posdoctor sessions import``; ``save(data, folder)`` still writes such a file (``save PATH``).
"""

from __future__ import annotations

import atexit
import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from ..kb.problems import UserInputError
from ..messages import Message
from ..store import Conflict, Deleted, NotFound, Store, StoreFailure, default_url
from ..store.chain import dumps, utcnow
from ..store.db import data_dir
from .phases import phase_of, status_of

_stores: dict[str, Store] = {}
# (store, session id) -> the step this process read or wrote it at, and what it held then
_seen: dict[tuple[str, str], tuple[int, str]] = {}


class StoreError(UserInputError):
    """A saved session cannot be found, read, written or deleted (says what and where)."""


def sessions_dir() -> Path:
    """POSDOCTOR_HOME/sessions, else the platform's user data folder: the older JSON files."""
    return data_dir() / "sessions"


def store() -> Store:
    """The store of POSDOCTOR_DB, else the default one (opened once per process)."""
    url = os.environ.get("POSDOCTOR_DB") or default_url()
    if url not in _stores:
        try:
            _stores[url] = Store.open(url)
        except StoreFailure as exc:
            raise StoreError(exc.message or str(exc)) from None
    return _stores[url]


_opened: list[Store] = []  # stores the other commands opened (users, audit, db): closed too


def keep(opened: Store) -> Store:
    """``opened``, to be closed with the stores of this module (at exit, or close_stores)."""
    _opened.append(opened)
    return opened


@atexit.register
def close_stores() -> None:
    """Close the stores this process opened (at exit; the tests after each test)."""
    while _stores:
        _stores.popitem()[1].close()
    while _opened:
        _opened.pop().close()


def save(data: dict[str, Any], folder: Path | str | None = None) -> str:
    """Save a session: into the store (checked against the step it was read at), or as a JSON
    file in ``folder`` (atomically, the owner's only). Returns where it went."""
    if folder is not None:
        return str(write_file(data, Path(folder)))
    sid, events = data["id"], data.get("events", [])
    changes = {"data": data, "phase": phase_of(events), "answers": _answers(events)}
    last = events[-1] if events else {}
    digest = dumps(data)
    try:
        st = store()
        seen = _seen.get((st.url, sid))
        if seen is not None and seen[1] == digest:
            return st.url  # nothing changed: nothing to write (a resume alone writes nothing)
        if seen is not None:
            done = st.append(sid, "cli_save", {"last": last}, "cli", seen[0], changes)
        else:
            row = {
                "id": sid,
                "origin": "cli",
                "owner": None,
                "team": None,
                "ticket": None,
                "terminal": None,
                **changes,
            }
            done = st.create_session(row, "cli", {"events": len(events)})
    except Conflict as exc:
        raise StoreError(Message("store.changed_elsewhere", id=sid, why=str(exc))) from None
    except (Deleted, StoreFailure) as exc:
        raise StoreError(exc.message or str(exc)) from None
    _seen[(st.url, sid)] = (done.seq, digest)
    return st.url


def write_file(data: dict[str, Any], folder: Path) -> Path:
    """A session as a JSON file ``folder/ID.json`` (a file path ending .json is used as is)."""
    path = folder if folder.suffix == ".json" else folder / f"{data['id']}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    except OSError as exc:
        raise StoreError(Message("store.cannot_write", path=str(path), why=_why(exc))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(Message("store.cannot_write", path=str(path), why=_why(exc))) from None
    return path


def load(sid: str, folder: Path | None = None) -> dict[str, Any]:
    """A saved session's data (from the store; from a JSON file of ``folder`` if given)."""
    if folder is not None:
        data, why = read_file(Path(folder) / f"{sid}.json")
        if data is None:
            raise StoreError(
                Message("store.cannot_read", path=str(folder / f"{sid}.json"), why=why)
            )
        return data
    try:
        st = store()
        row = st.session(sid)
    except NotFound:
        known = ", ".join(s["id"] for s in list_sessions()[:5])
        key = "store.no_session_recent" if known else "store.no_session"
        raise StoreError(Message(key, id=sid, recent=known)) from None
    except (Deleted, StoreFailure) as exc:
        raise StoreError(exc.message or str(exc)) from None
    data = json.loads(row.data)
    _seen[(st.url, sid)] = (row.seq, dumps(data))
    return data


def read_file(path: Path) -> tuple[dict[str, Any] | None, str]:
    """A JSON session file's data, or None and why it is damaged (never raises)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte {exc.start})"
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg}, line {exc.lineno})" if path.stat().st_size else "empty"
    except OSError as exc:
        return None, _why(exc)
    return data, _damage(data)


def _damage(data: Any) -> str:
    """Why a session file's data cannot be a session ('' when it can)."""
    if not isinstance(data, dict):
        return "not a session (a JSON object is expected)"
    if not isinstance(data.get("id"), str) or not data["id"]:
        return "no session id"
    events = data.get("events", [])
    if not isinstance(events, list):
        return "'events' is not a list"
    for n, e in enumerate(events, 1):
        if not isinstance(e, dict) or not isinstance(e.get("kind"), str):
            return f"event {n} has no kind"
        if "fact" in e and "value" not in e and e["kind"] != "skip":
            return f"event {n} ({e['kind']} {e['fact']}) has no value"
    return ""


def import_files(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Import JSON session files (or every *.json of a folder) unchanged: (ids imported,
    [(file, why damaged)]); a session already in the store is left as it is."""
    imported, damaged = [], []
    for path in _json_files(paths):
        data, why = read_file(path)
        if data is None or why:
            damaged.append((str(path), why))
            continue
        try:
            st = store()
            st.session(data["id"])
            damaged.append((str(path), "already in the store"))
            continue
        except NotFound:
            pass
        except Deleted:
            damaged.append((str(path), "deleted in the store; it stays deleted"))
            continue
        events = data.get("events", [])
        row = {
            "id": data["id"],
            "origin": "cli",
            "owner": None,
            "team": None,
            "ticket": None,
            "terminal": None,
            "data": data,
            "phase": phase_of(events),
            "answers": _answers(events),
        }
        st.create_session(row, "cli", {"imported_from": str(path)})
        imported.append(data["id"])
    return imported, damaged


def _json_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths or [str(sessions_dir())]):
        if p.is_dir():
            out += sorted(q for q in p.glob("*.json") if not q.name.startswith("."))
        else:
            out.append(p)
    return out


def delete(sids: list[str], folder: Path | None = None) -> list[str]:
    """Delete saved sessions (they may hold merchant details); every id is checked first, so a
    typo deletes nothing. A deleted session stays deleted: an ``ask`` still running on it is
    refused its next save."""
    for sid in sids:
        load(sid)
    try:
        store().delete_sessions(list(sids))
    except StoreFailure as exc:
        raise StoreError(exc.message or str(exc)) from None
    return list(sids)


def prune(days: float, folder: Path | None = None, now: float | None = None) -> list[str]:
    """Delete every session not updated for ``days`` days; the ids deleted, oldest first."""
    st = store()
    old = st.older_than(utcnow() - timedelta(days=days))
    if old:
        st.delete_sessions(old)
    return old


def list_sessions(folder: Path | None = None) -> list[dict[str, Any]]:
    """Saved sessions, most recently updated first."""
    out = []
    for row in store().find(limit=10**6):
        data = json.loads(row.data)
        events = data.get("events", [])
        out.append(
            {
                "id": row.id,  # what --resume, report and --delete take
                "updated": _epoch(row.updated_at),
                "answers": row.answers,
                "status": status_of(events),
                "phase": row.phase,
                "meta": data.get("meta", {}),
            }
        )
    return out


def _answers(events: list[dict[str, Any]]) -> int:
    return sum(e.get("kind") in ("answer", "given") for e in events)


def _epoch(at: Any) -> float:
    from datetime import UTC

    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
