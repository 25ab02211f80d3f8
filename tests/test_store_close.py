"""The per-process stores of ask/store.py are closed (at exit, and after each test by the
conftest fixture): no SQLite connection is left for the garbage collector, which Python 3.13
reports as a ResourceWarning ("unclosed database")."""

from __future__ import annotations

import gc
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from posdoctor.ask import store as ask_store


def _collected_warnings() -> list[str]:
    """The ResourceWarnings a garbage collection now raises."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_closing_the_stores_leaves_no_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSDOCTOR_DB", f"sqlite:///{tmp_path / 'sessions.db'}")
    ask_store.store()
    assert ask_store.list_sessions() == []
    ask_store.close_stores()
    assert ask_store._stores == {}
    assert _collected_warnings() == []
    assert ask_store.list_sessions() == []  # opened again when needed


@pytest.mark.skipif(
    sys.version_info < (3, 13), reason="sqlite3 warns of unclosed connections from 3.13"
)
def test_a_store_dropped_unclosed_is_what_3_13_warns_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: the same store dropped without closing it warns."""
    monkeypatch.setenv("POSDOCTOR_DB", f"sqlite:///{tmp_path / 'sessions.db'}")
    ask_store.list_sessions()
    ask_store._stores.clear()  # dropped, not closed
    assert any("unclosed database" in w for w in _collected_warnings())


def test_a_process_closes_its_store_at_exit(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c",
         "from posdoctor.ask import store; store.list_sessions()"],
        env={"POSDOCTOR_DB": f"sqlite:///{tmp_path / 'sessions.db'}", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
