"""Live updates without polling (issue 13): the watcher wakes a session's streams within a
second of a write on SQLite and PostgreSQL (LISTEN/NOTIFY), with one cheap look per interval
however many watch; looking at a call runs no engine turn and writes presence at most every
few seconds; the lead's board has its own stream."""

from __future__ import annotations

import asyncio
import time

import pytest

from posdoctor.web import service as svc
from posdoctor.web import views
from posdoctor.web.cache import Presence, Turns
from posdoctor.web.live import ANY
from tests import web_helpers
from tests.web_helpers import start

desk, users_db = web_helpers.desk, web_helpers.users_db  # the fixtures


def _answer(c, sid: str, seq: int) -> dict:
    """Answer the question asked now with its first offered value (or unknown)."""
    q = c.get(f"/api/sessions/{sid}").json()["question"]
    value = q["answers"][0]["value"] if q["answers"] else "unknown"
    r = c.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": q["fact"], "value": value, "expected_seq": seq},
    )
    assert r.status_code == 200, r.text
    return r.json()


def _counting(monkeypatch, obj, name: str) -> list[int]:
    """Count the calls of ``obj.name`` (still calling it)."""
    calls: list[int] = []
    real = getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, counted)
    return calls


def test_looking_at_a_call_runs_no_engine_turn_and_writes_presence_once(desk, monkeypatch):
    li, wang = desk.client("li"), desk.client("wang")
    desk.app.state.desk.presence = Presence(every=3600)  # a slow machine: not 5 s, for the count
    turns = _counting(monkeypatch, views, "turn")
    touches = _counting(monkeypatch, desk.store, "touch")
    sid = start(li)["id"]
    _answer(li, sid, 1)  # a look (kept from the start: no turn) and an answer (one turn)
    assert (len(turns), len(touches)) == (2, 1)
    for _ in range(10):
        assert li.get(f"/api/sessions/{sid}").status_code == 200
    assert len(turns) == 2  # the writer's reply was kept for its language (en)
    assert len(touches) == 1  # li's presence, once in these few seconds
    for _ in range(5):
        got = wang.get(f"/api/sessions/{sid}").json()
    assert len(turns) == 3  # wang reads zh: computed once, then kept
    assert len(touches) == 2
    assert got["viewers"] == ["li", "wang"]


def test_a_kept_turn_is_the_turn_computed_afresh(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    seq = 1
    for _ in range(3):
        kept = _answer(li, sid, seq)
        seq = kept["seq"]
        viewed = li.get(f"/api/sessions/{sid}").json()
        desk.app.state.desk.turns = Turns()  # forget: the next look computes it again
        fresh = li.get(f"/api/sessions/{sid}").json()
        for key in views.TURN_KEYS:
            assert viewed[key] == fresh[key] == kept[key], key


def test_presence_is_due_once_per_interval():
    p = Presence(every=0.2)
    assert [p.due("s", "li"), p.due("s", "li"), p.due("s", "wang")] == [True, False, True]
    time.sleep(0.25)
    assert p.due("s", "li") is True


async def _woken(hub, sid: str, other: str, write) -> tuple[float, bool, bool]:
    """Subscribe to ``sid``, ``other`` and ANY; write; how soon after the write was acknowledged
    ``sid`` woke, and whether ``other`` and ANY did."""
    mine, theirs, board = hub.subscribe(sid), hub.subscribe(other), hub.subscribe(ANY)
    try:
        await asyncio.sleep(0.5)  # the watcher is listening (and woke everyone once: it
        for s in (mine, theirs, board):  # cannot know what it missed before)
            s.flag.clear()
        acked: list[float] = []
        writing = asyncio.create_task(
            asyncio.to_thread(lambda: (write(), acked.append(time.monotonic())))
        )
        assert await mine.wait(10.0), "not woken within 10 s of starting the write"
        woke = time.monotonic()
        await writing
        took = woke - acked[0]  # after the reply (below 0: woken before the reply was read)
        return took, await theirs.wait(0.3), await board.wait(0.1)
    finally:
        for s in (mine, theirs, board):
            s.close()


def test_a_write_wakes_that_sessions_streams_within_a_second(desk):
    li = desk.client("li")
    sid, other = start(li)["id"], start(li)["id"]
    d = desk.app.state.desk
    took, other_woke, board_woke = asyncio.run(
        _woken(d.hub, sid, other, lambda: _answer(li, sid, 1))
    )
    assert took < 1.0
    assert (other_woke, board_woke) == (False, True)


def test_many_watchers_cost_one_look_per_interval_on_sqlite(desk):
    if desk.store.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's watcher listens: it makes no looks at all")
    hub = desk.app.state.desk.hub
    sids = [start(desk.client("li"))["id"] for _ in range(2)]

    async def watch() -> int:
        subs = [hub.subscribe(sids[i % 2]) for i in range(200)]
        before = hub.looks
        await asyncio.sleep(1.0)
        for s in subs:
            s.close()
        return hub.looks - before

    looks = asyncio.run(watch())
    assert 1 <= looks <= 12  # one look each 0.1 s for 200 watchers, not 200 looks


def test_the_watcher_stops_when_nobody_watches_and_starts_again(desk, monkeypatch):
    monkeypatch.setattr("posdoctor.web.live.IDLE", 0.3)
    hub = desk.app.state.desk.hub
    li = desk.client("li")
    sid = start(li)["id"]

    async def once() -> None:
        sub = hub.subscribe(sid)
        sub.close()

    asyncio.run(once())
    assert hub._thread is not None
    time.sleep(1.6)  # IDLE, plus PostgreSQL's 1 s wait for notifications
    assert hub._thread is None
    took, _, _ = asyncio.run(_woken(hub, sid, "nothing", lambda: _answer(li, sid, 1)))
    assert took < 1.0


def test_the_board_stream_is_for_leads(desk):
    assert desk.client("li").get("/api/board/stream?once=true").status_code == 403
    r = desk.client("boss").get("/api/board/stream?once=true")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.text == ': board\n\nevent: board\ndata: {"changed": false}\n\n'


def test_the_board_page_listens_to_its_stream_and_no_longer_polls(desk):
    page = desk.client("boss").get("/board").text
    assert 'data-live="/api/board/stream"' in page
    assert "hx-trigger" not in page and "every 15s" not in page


def test_a_stream_resumes_after_last_event_id_and_reads_nothing_twice(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    _answer(li, sid, 1)
    ids = [e["id"] for e in svc.stream(desk.app.state.desk, _actor(desk, "li"), sid, 0, False)[0]]
    r = li.get(f"/api/sessions/{sid}/stream?once=true", headers={"Last-Event-ID": str(ids[0])})
    assert [f.split("\n")[0] for f in r.text.split("\n\n") if f] == [
        f"id: {ids[1]}",
        "event: presence",
    ]


def _actor(desk, name: str) -> svc.Actor:
    u = desk.store.user(name)
    return svc.Actor(u.name, u.role, u.team, u.lang)


def test_a_fresh_answer_makes_no_separate_idempotency_lookup(desk, monkeypatch):
    li = desk.client("li")
    sid = start(li)["id"]
    lookups = _counting(monkeypatch, desk.store, "replay")
    body = {"fact": "error_message", "value": "x", "expected_seq": 1}
    key = {"Idempotency-Key": "f1"}
    first = li.post(f"/api/sessions/{sid}/answers", json=body, headers=key)
    assert first.status_code == 200 and lookups == []  # the write's transaction checks the key
    again = li.post(f"/api/sessions/{sid}/answers", json=body, headers=key)
    assert again.json() == first.json() and len(lookups) == 1  # a retry: seq moved, look it up
    reuse = li.post(f"/api/sessions/{sid}/answers", json={**body, "expected_seq": 2}, headers=key)
    assert reuse.json() == first.json()  # the key is known: the stored reply, nothing written
    assert [e["seq"] for e in desk.store.events(sid)] == [1, 2]
