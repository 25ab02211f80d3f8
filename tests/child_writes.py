"""Which files the real command writes, whatever their path: the child runs posdoctor under an
audit hook (sys.addaudithook) that logs every path it opens for writing, creates, renames,
removes or changes, and every SQLite database it opens, one JSON line per event, to the file
named by POSDOCTOR_TEST_WRITES (opened before the hook, so the log is not in the log).

A listing of folders before and after a run only sees what is left, and only where one looks;
a shared /tmp cannot be listed reliably while other processes write there. The log sees every
write the child makes, /tmp and HOME and the KB folder included.
"""

from __future__ import annotations

import json
from pathlib import Path

AUDITED = r"""
import json, os, runpy, sys

_LOG = os.open(os.environ["POSDOCTOR_TEST_WRITES"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_TWO_PATHS = {"os.rename", "os.replace", "os.link", "os.symlink", "shutil.copyfile",
              "shutil.copytree", "shutil.move"}
_ONE_PATH = {"os.mkdir", "os.remove", "os.rmdir", "os.truncate", "os.chmod", "os.chown",
             "os.utime", "shutil.rmtree", "sqlite3.connect"}


def _note(event, path):
    if path is None or isinstance(path, int):
        return
    path = os.fsdecode(path)
    if event == "sqlite3.connect":
        if path in ("", ":memory:") or "mode=memory" in path:
            return
        path = path.removeprefix("file:").partition("?")[0]
    os.write(_LOG, (json.dumps([event, os.path.abspath(path)]) + "\n").encode())


def _hook(event, args):
    if event == "open":
        path, mode, flags = args
        if (mode and any(c in mode for c in "wax+")) or (mode is None and flags & _WRITING):
            _note(event, path)
    elif event in _TWO_PATHS:
        _note(event, args[1])
        if event in ("os.rename", "os.replace", "shutil.move"):
            _note(event, args[0])
    elif event in _ONE_PATH:
        _note(event, args[0])


sys.addaudithook(_hook)
sys.argv = ["posdoctor", *sys.argv[1:]]
runpy.run_module("posdoctor", run_name="__main__", alter_sys=True)
"""


def log_path(where: Path) -> Path:
    """Where the writes of a child run in ``where`` are logged (beside it, not inside)."""
    return where.parent / f"{where.name}.writes"


def written(where: Path) -> list[tuple[str, Path]]:
    """(event, path) of every write the last child run in ``where`` made."""
    log = log_path(where)
    if not log.exists():
        return []
    return [(e, Path(p)) for e, p in map(json.loads, log.read_text().splitlines())]


def outside(where: Path, allowed: tuple[Path, ...]) -> list[tuple[str, Path]]:
    """The writes of the last run in ``where`` outside ``allowed`` folders and /dev."""
    return [
        (event, path)
        for event, path in written(where)
        if not any(a == path or a in path.parents for a in (*allowed, Path("/dev")))
    ]
