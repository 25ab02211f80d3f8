"""The store on SQLite and PostgreSQL alike: migrations, gapless append-only events, stale
writes refused naming who wrote what, idempotent retries, tombstones, hash chains, accounts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import DateTime, bindparam, text

from posdoctor.store import Conflict, Deleted, NotFound, Store, StoreFailure
from posdoctor.store.accounts import THROTTLE_FAILURES
from posdoctor.store.db import current_revision
from tests import store_fixtures

db_url, pg_cluster = store_fixtures.db_url, store_fixtures.pg_cluster  # the fixtures


@pytest.fixture
def store(db_url):
    opened = Store.open(db_url)
    yield opened
    opened.close()


def _row(sid: str = "s1", **kw):
    return {
        "id": sid,
        "origin": "web",
        "owner": "li",
        "team": "desk1",
        "ticket": "T-1",
        "terminal": None,
        "phase": "asking",
        "answers": 0,
        "data": {"events": []},
        **kw,
    }


def _answer(store: Store, sid: str, n: int, actor: str = "li", key: str | None = None):
    body = {"fact": f"f{n}", "value": n}
    return store.append(
        sid, "answer", body, actor, n, {"data": {"events": [n]}}, key, {"seq": n + 1}
    )


def test_open_migrates_to_the_newest_schema_and_again_is_a_no_op(db_url):
    store = Store.open(db_url)
    assert current_revision(store.engine) == "0001"
    store.close()
    again = Store.open(db_url)
    assert current_revision(again.engine) == "0001"
    assert again.find() == []
    again.close()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_full_sync(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    store.close()


def test_events_are_numbered_without_gaps_and_the_state_follows(store):
    store.create_session(_row(), "li", {"facts": []})
    for n in range(1, 6):
        assert _answer(store, "s1", n).seq == n + 1
    assert [e["seq"] for e in store.events("s1")] == [1, 2, 3, 4, 5, 6]
    assert [e["kind"] for e in store.events("s1")] == ["start"] + ["answer"] * 5
    row = store.session("s1")
    assert (row.seq, row.data) == (6, '{"events":[5]}')
    assert store.verify() == []


def test_a_stale_expected_seq_is_refused_naming_who_answered_what(store):
    store.create_session(_row(), "li", {})
    _answer(store, "s1", 1, actor="wang")
    with pytest.raises(Conflict) as caught:
        store.append("s1", "answer", {"fact": "x", "value": True}, "li", 1, {})
    assert caught.value.seq == 2
    assert caught.value.latest["actor"] == "wang"
    assert str(caught.value) == (
        "session s1 changed: you answered at step 1, it is at step 2 now (wang: answer f1=1)"
    )
    assert [e["seq"] for e in store.events("s1")] == [1, 2]


def test_a_repeated_idempotency_key_replays_the_first_reply_and_writes_nothing(store):
    store.create_session(_row(), "li", {})
    first = _answer(store, "s1", 1, key="k-1")
    again = _answer(store, "s1", 1, key="k-1")  # the client retried: same key, same seq
    assert (first.replayed, again.replayed) == (False, True)
    assert again.result == {"seq": 2} and again.seq == 2
    assert len(store.events("s1")) == 2
    assert store.replay("s1", "k-1").seq == 2
    assert store.replay("s1", "k-2") is None


def test_two_writers_at_once_exactly_one_wins_every_time(store):
    store.create_session(_row(), "li", {})
    for seq in range(1, 21):
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def write(actor: str, seq: int = seq, barrier=barrier, outcomes=outcomes) -> None:
            barrier.wait()
            try:
                _answer(store, "s1", seq, actor=actor)
                outcomes.append("won")
            except Conflict:
                outcomes.append("409")

        threads = [threading.Thread(target=write, args=(a,)) for a in ("li", "wang")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["409", "won"]
    assert [e["seq"] for e in store.events("s1")] == list(range(1, 22))
    assert store.verify() == []


def test_a_deleted_session_stays_deleted(store):
    store.create_session(_row(), "li", {})
    store.delete_sessions(["s1"])
    with pytest.raises(Deleted, match="session 's1' was deleted; it stays deleted"):
        _answer(store, "s1", 1)
    with pytest.raises(Deleted):
        store.create_session(_row(), "li", {})
    with pytest.raises(Deleted):
        store.session("s1")
    assert store.find() == [] and store.events("s1") == []
    with pytest.raises(NotFound, match="no saved session 'nope'"):
        store.session("nope")


def test_an_edited_or_removed_event_breaks_the_chain(store):
    store.create_session(_row(), "li", {})
    for n in range(1, 4):
        _answer(store, "s1", n)
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE events SET body = :b WHERE session_id = 's1' AND seq = 3"),
            {"b": '{"fact":"f2","value":99}'},
        )
    assert store.verify() == ["session s1: event 3 changed (hash chain broken)"]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM events WHERE session_id = 's1' AND seq = 3"))
    assert store.verify() == [
        "session s1: event 3 missing",
        "session s1: event 4 changed (hash chain broken)",
    ]


def test_the_audit_log_is_chained_too(store):
    store.add_user("li", "agent", "correct horse battery", "desk1", "en")
    store.audit("li", "access_denied", {"session": "x"})
    assert [e["action"] for e in store.audit_entries()] == ["user_add", "access_denied"]
    assert store.verify() == []
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET actor = 'mallory' WHERE action = 'user_add'"))
    assert store.verify() == ["audit #1: hash chain broken"]


def test_accounts_login_logout_disable(store):
    user = store.add_user("li", "agent", "correct horse battery", "desk1", "zh")
    assert user.password_hash.startswith("$argon2id$")
    with pytest.raises(StoreFailure, match="user 'li' exists already"):
        store.add_user("li", "lead", "another good password", None, "en")
    assert store.login("li", "wrong password", "1.2.3.4") is None
    assert store.login("nobody", "correct horse battery", "1.2.3.4") is None
    got = store.login("li", "correct horse battery", "1.2.3.4")
    assert got is not None
    _, token, csrf = got
    assert len(token) >= 43 and len(csrf) >= 43  # 256 random bits each
    assert store.login_of(token)[0].name == "li"
    store.logout(token, "li")
    assert store.login_of(token) is None
    _, token2, _ = store.login("li", "correct horse battery", "1.2.3.4")
    store.disable_user("li")
    assert store.login_of(token2) is None  # disabling ends every login at once
    assert store.login("li", "correct horse battery", "1.2.3.4") is None


def test_logins_end_after_the_idle_timeout(store):
    store.add_user("li", "agent", "correct horse battery", "desk1", "en")
    _, token, _ = store.login("li", "correct horse battery", "1.2.3.4")
    old = datetime.now(UTC) - timedelta(minutes=31)
    with store.engine.begin() as conn:
        at = bindparam("t", type_=DateTime(timezone=True))  # as the model stores it
        conn.execute(text("UPDATE logins SET seen_at = :t").bindparams(at), {"t": old})
    assert store.login_of(token) is None


def test_failed_logins_are_throttled_per_name(store):
    store.add_user("li", "agent", "correct horse battery", "desk1", "en")
    for _ in range(THROTTLE_FAILURES - 1):
        store.login("li", "bad", "1.2.3.4")
    assert not store.throttled("li", "5.6.7.8")
    store.login("li", "bad", "1.2.3.4")
    assert store.throttled("li", "5.6.7.8")
    assert not store.throttled("wang", "5.6.7.8")


def test_an_unwritable_database_folder_says_what_failed_and_where(tmp_path):
    blocker = tmp_path / "home"
    blocker.write_text("a file where the data folder should be")  # fails for root too
    with pytest.raises(StoreFailure) as caught:
        Store.open(f"sqlite:///{blocker / 'sub' / 'x.db'}")
    assert (
        str(caught.value) == f"cannot create the database folder {blocker / 'sub'}: Not a directory"
    )


def test_a_bad_url_is_one_line():
    with pytest.raises(StoreFailure, match="cannot use database URL mysql://x: sqlite:// or "):
        Store.open("mysql://x")


def test_presence_lists_recent_viewers(store):
    store.create_session(_row(), "li", {})
    store.touch("s1", "li")
    store.touch("s1", "wang")
    store.touch("s1", "li")
    assert store.viewers("s1") == ["li", "wang"]
    assert store.viewers("s1", within=-1) == []
