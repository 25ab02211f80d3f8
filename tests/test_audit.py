"""`posdoctor users`, `db upgrade` and `audit verify` from the command line (exact output)."""

from __future__ import annotations

import io
import sys

import pytest
from sqlalchemy import text

from posdoctor.cli import main
from posdoctor.store import Store


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("POSDOCTOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _run(capsys, monkeypatch, *argv: str, stdin: bytes = b"") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_list_disable_in_the_default_database(home, capsys, monkeypatch):
    pw = b"correct horse battery\n"
    assert _run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "li",
        "--role",
        "agent",
        "--team",
        "desk1",
        "--lang",
        "zh",
        "--password-stdin",
        stdin=pw,
    ) == (0, "已添加 li（agent）\n", "")
    assert (home / "posdoctor.db").is_file()
    code, out, _ = _run(capsys, monkeypatch, "users", "list", "--format", "json")
    assert code == 0 and '"name": "li"' in out and '"lang": "zh"' in out
    assert _run(capsys, monkeypatch, "users", "disable", "li", "--lang", "en") == (
        0,
        "disabled li; their logins ended\n",
        "",
    )
    code, out, _ = _run(capsys, monkeypatch, "users", "list")
    assert out == "li                   agent      desk1            zh  disabled\n"


def test_a_gbk_password_on_stdin_is_read_not_a_traceback(home, capsys, monkeypatch):
    code, out, err = _run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "wang",
        "--role",
        "lead",
        "--password-stdin",
        "--lang",
        "en",
        stdin="密码很长很长很长".encode("gbk"),
    )
    assert (code, out, err) == (0, "added wang (lead)\n", "")
    store = Store.open(f"sqlite:///{home / 'posdoctor.db'}")
    assert store.login("wang", "密码很长很长很长", "cli") is not None
    store.close()


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (
            ["--role", "agent"],
            b"correct horse\n",
            "posdoctor: error: give the password on standard input (--password-stdin)\n",
        ),
        (
            ["--role", "agent", "--password-stdin"],
            b"short\n",
            "posdoctor: error: the password must have at least 8 characters (read from standard input)\n",
        ),
    ],
)
def test_users_add_refusals_are_one_line(home, capsys, monkeypatch, argv, stdin, message):
    assert _run(capsys, monkeypatch, "users", "add", "x", *argv, "--lang", "en", stdin=stdin) == (
        2,
        "",
        message,
    )


def test_db_upgrade_and_a_bad_url(home, capsys, monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    assert _run(capsys, monkeypatch, "db", "upgrade", "--db", url, "--lang", "en") == (
        0,
        f"database {url} is at schema 0001\n",
        "",
    )
    assert _run(capsys, monkeypatch, "db", "upgrade", "--db", "oracle://x", "--lang", "en") == (
        2,
        "",
        "posdoctor: error: cannot use database URL oracle://x: sqlite:// or "
        "postgresql+psycopg://\n",
    )


def test_audit_verify_passes_then_names_the_edited_event(home, capsys, monkeypatch):
    url = f"sqlite:///{home / 'posdoctor.db'}"
    store = Store.open(url)
    store.add_user("li", "agent", "correct horse battery", "desk1", "en")
    store.create_session(
        {
            "id": "s1",
            "origin": "web",
            "owner": "li",
            "team": "desk1",
            "ticket": None,
            "terminal": None,
            "phase": "asking",
            "answers": 0,
            "data": {},
        },
        "li",
        {},
    )
    store.append("s1", "answer", {"fact": "a", "value": True}, "li", 1, {})
    assert _run(capsys, monkeypatch, "audit", "verify", "--lang", "en") == (
        0,
        "audit ok: 1 audit entries, 1 sessions, every hash chain intact\n",
        "",
    )
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE events SET actor = 'wang' WHERE seq = 2"))
    store.close()
    assert _run(capsys, monkeypatch, "audit", "verify", "--lang", "en") == (
        1,
        "session s1: event 2 changed (hash chain broken)\naudit FAILED: 1 problem(s)\n",
        "",
    )
