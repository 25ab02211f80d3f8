"""The JSON API as issue 13 spells it: exact paths, keys, status codes and bodies."""

from __future__ import annotations

import pytest

from tests import web_helpers
from tests.web_helpers import PASSWORD, start

desk, users_db = web_helpers.desk, web_helpers.users_db  # the fixtures


def test_login_sets_an_httponly_samesite_cookie_and_returns_the_csrf_token(desk):
    c = desk.client()
    r = c.post("/api/login", json={"name": "li", "password": PASSWORD})
    assert r.status_code == 200
    assert list(r.json()) == ["csrf_token"] and len(r.json()["csrf_token"]) >= 43
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("posdoctor_session=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie


def test_a_wrong_password_is_401_with_a_plain_message(desk):
    r = desk.client().post("/api/login", json={"name": "li", "password": "nope"})
    assert (r.status_code, r.json()) == (401, {"detail": "wrong name or password"})
    r = desk.client().post("/api/login", json={"name": "ghost", "password": "nope"})
    assert (r.status_code, r.json()) == (401, {"detail": "wrong name or password"})


def test_the_sixth_failed_login_in_a_row_is_throttled(desk):
    c = desk.client()
    codes = [
        c.post("/api/login", json={"name": "li", "password": "x"}).status_code for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    r = c.post("/api/login", json={"name": "li", "password": PASSWORD})  # even the right one
    assert r.status_code == 429 and r.headers["retry-after"] == "900"
    assert r.json() == {"detail": "too many failed logins; try again in 15 minutes"}


def test_every_api_route_needs_a_login(desk):
    c = desk.client()
    sid = start(desk.client("li"))["id"]
    for method, path in [
        ("GET", f"/api/sessions/{sid}"),
        ("POST", "/api/sessions"),
        ("POST", f"/api/sessions/{sid}/answers"),
        ("GET", f"/api/sessions/{sid}/report"),
        ("GET", "/api/sessions"),
        ("GET", "/api/me"),
        ("GET", f"/api/sessions/{sid}/stream"),
    ]:
        r = c.request(method, path, json={})
        assert (r.status_code, r.json()) == (401, {"detail": "log in first"}), path


def test_a_new_session_is_201_with_its_first_question(desk):
    c = desk.client("li")
    got = start(c, ticket="INC-1", terminal={"model": "A920", "sn": "123"}, lang="zh")
    assert set(got) == {"id", "phase", "seq", "question", "causes", "fix", "escalation_reason"}
    assert (got["phase"], got["seq"], got["fix"]) == ("asking", 1, None)
    q = got["question"]
    assert {"fact", "text", "how", "answers", "minutes"} <= set(q)
    assert q["fact"] in desk.app.state.desk.doctor.kb.facts
    assert [c["id"] for c in got["causes"]][:2] == ["network_outage", "unstable_connection"]
    view = c.get(f"/api/sessions/{got['id']}").json()
    assert (view["owner"], view["team"], view["ticket"], view["lang"]) == (
        "li",
        "desk1",
        "INC-1",
        "zh",
    )
    assert view["terminal"] == {"model": "A920", "sn": "123"}
    assert [e["kind"] for e in view["events"]] == ["start"]
    assert view["viewers"] == ["li"]


def test_a_pasted_log_gives_facts(desk):
    got = start(desk.client("li"), facts={"storage_free_mb": 10})
    assert got["causes"][0]["id"] == "storage_full"


def test_an_answer_moves_seq_on_and_a_stale_one_is_409_naming_who_answered_what(desk):
    li, wang = desk.client("li"), desk.client("wang")
    got = start(li)
    sid = got["id"]
    r = wang.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "network_connected", "value": False, "expected_seq": 1},
    )
    assert r.status_code == 200
    assert set(r.json()) == {"seq", "phase", "question", "causes", "fix", "escalation_reason"}
    assert r.json()["seq"] == 2 and r.json()["causes"][0]["id"] == "network_outage"
    r = li.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "network_connected", "value": True, "expected_seq": 1},
    )
    assert r.status_code == 409
    body = r.json()
    assert body["detail"] == (
        f"session {sid} changed: you answered at step 1, it is at step 2 now "
        "(wang: answer network_connected=false)"
    )
    assert body["seq"] == 2
    assert {k: body["latest"][k] for k in ("actor", "kind", "fact", "value", "seq")} == {
        "actor": "wang",
        "kind": "answer",
        "fact": "network_connected",
        "value": False,
        "seq": 2,
    }


def test_unknown_is_an_answer_and_a_bad_value_is_422_in_the_users_language(desk):
    li, wang = desk.client("li"), desk.client("wang")
    sid = start(li)["id"]
    r = li.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "network_connected", "value": "unknown", "expected_seq": 1},
    )
    assert r.status_code == 200 and r.json()["seq"] == 2
    r = wang.post(
        f"/api/sessions/{sid}/answers", json={"fact": "no_such_fact", "value": 1, "expected_seq": 2}
    )
    assert r.status_code == 422
    assert "no_such_fact" in r.json()["detail"] and "事实" in r.json()["detail"]


def test_a_retried_answer_with_the_same_idempotency_key_is_not_written_twice(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    body = {"fact": "network_connected", "value": False, "expected_seq": 1}
    first = li.post(f"/api/sessions/{sid}/answers", json=body, headers={"Idempotency-Key": "a1"})
    again = li.post(f"/api/sessions/{sid}/answers", json=body, headers={"Idempotency-Key": "a1"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other = desk.client("zhao").post(
        f"/api/sessions/{sid}/answers", json=body, headers={"Idempotency-Key": "a1"}
    )
    assert other.status_code == 404  # a stored reply is not replayed to someone else
    assert [e["seq"] for e in li.get(f"/api/sessions/{sid}").json()["events"]] == [1, 2]


def test_undo_and_change_with_its_diff(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    li.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "network_connected", "value": False, "expected_seq": 1},
    )
    r = li.post(
        f"/api/sessions/{sid}/change",
        json={"fact": "network_connected", "value": True, "expected_seq": 2},
    )
    assert r.status_code == 200
    assert r.json()["seq"] == 3 and r.json()["withdrawn"] and isinstance(r.json()["added"], list)
    assert any("network_outage" in w for w in r.json()["withdrawn"])
    r = li.post(f"/api/sessions/{sid}/undo", json={"expected_seq": 3})
    assert r.status_code == 200 and r.json()["seq"] == 4
    assert r.json()["causes"][0]["id"] == "network_outage"  # the change is taken back
    kinds = [e["kind"] for e in li.get(f"/api/sessions/{sid}").json()["events"]]
    assert kinds == ["start", "answer", "change", "undo"]  # append-only: undo is an event


def test_fix_loop_a_risky_step_needs_confirming_then_resolved(desk):
    li = desk.client("li")
    sid = start(li, facts={"storage_free_mb": 10})["id"]
    r = li.post(f"/api/sessions/{sid}/start-fixing", json={"expected_seq": 1})
    assert (r.status_code, r.json()["phase"], r.json()["fix"]["step"]) == (
        200,
        "fixing",
        "free_storage",
    )
    r = li.post(f"/api/sessions/{sid}/fix-result", json={"result": "failed", "expected_seq": 2})
    assert r.json()["fix"]["step"] == "restart_router"
    r = li.post(f"/api/sessions/{sid}/fix-result", json={"result": "failed", "expected_seq": 3})
    assert r.json()["fix"]["step"] == "use_wired"
    r = li.post(f"/api/sessions/{sid}/fix-result", json={"result": "failed", "expected_seq": 4})
    # "another cause" is now the likeliest: escalate rather than try the factory reset
    assert (r.json()["phase"], r.json()["escalation_reason"], r.json()["fix"]) == (
        "escalated",
        "other_cause",
        None,
    )
    r = li.post(f"/api/sessions/{sid}/resume-asking", json={"expected_seq": r.json()["seq"]})
    r = li.post(f"/api/sessions/{sid}/start-fixing", json={"expected_seq": r.json()["seq"]})
    steps = [r.json()["fix"]["step"]]  # the agent goes on: every step left, best first
    while not r.json()["fix"]["risky"]:
        seq = r.json()["seq"]
        r = li.post(
            f"/api/sessions/{sid}/fix-result", json={"result": "failed", "expected_seq": seq}
        )
        steps.append(r.json()["fix"]["step"])
    assert steps == ["set_dns", "backup_config", "factory_reset"]
    seq = r.json()["seq"]
    r = li.post(f"/api/sessions/{sid}/fix-result", json={"result": "worked", "expected_seq": seq})
    assert (r.status_code, r.json()) == (
        422,
        {"detail": "step factory_reset is risky: confirm it (confirmed: true)"},
    )
    r = li.post(
        f"/api/sessions/{sid}/fix-result",
        json={"result": "worked", "expected_seq": seq, "confirmed": True},
    )
    assert (r.status_code, r.json()["phase"], r.json()["question"]) == (200, "resolved", None)


def test_escalate_then_the_specialist_continues_and_hands_back(desk):
    li, spec, zhao = desk.client("li"), desk.client("spec"), desk.client("zhao")
    sid = start(li)["id"]
    assert spec.get(f"/api/sessions/{sid}").status_code == 404  # not theirs yet
    r = li.post(
        f"/api/sessions/{sid}/escalate",
        json={"team": "l2-network", "note": "DNS looks fine", "expected_seq": 1},
    )
    assert (r.status_code, r.json()["phase"]) == (200, "escalated")
    view = spec.get(f"/api/sessions/{sid}").json()
    assert (view["phase"], view["team"], view["owner"]) == ("escalated", "l2-network", None)
    r = spec.post(f"/api/sessions/{sid}/resume-asking", json={"expected_seq": 2})
    assert r.json()["phase"] == "asking" and r.json()["question"] is not None
    r = spec.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "dns_resolves_update_host", "value": True, "expected_seq": 3},
    )
    assert r.status_code == 200
    r = spec.post(
        f"/api/sessions/{sid}/handover",
        json={"to_team": "desk1", "note": "DNS ok; check the router", "expected_seq": 4},
    )
    assert r.status_code == 200
    view = li.get(f"/api/sessions/{sid}").json()
    assert (view["team"], view["owner"]) == ("desk1", None)
    assert [e["kind"] for e in view["events"]] == [
        "start",
        "escalate",
        "resume_asking",
        "answer",
        "handover",
    ]
    assert view["events"][-1]["note"] == "DNS ok; check the router"
    assert zhao.get(f"/api/sessions/{sid}").status_code == 404


def test_handover_to_a_person(desk):
    li, wang = desk.client("li"), desk.client("wang")
    sid = start(li)["id"]
    r = li.post(f"/api/sessions/{sid}/handover", json={"to_user": "wang", "note": "shift ends"})
    assert r.status_code == 200
    assert wang.get(f"/api/sessions/{sid}").json()["owner"] == "wang"
    r = li.post(f"/api/sessions/{sid}/handover", json={"to_user": "ghost"})
    assert (r.status_code, r.json()) == (404, {"detail": "no active user 'ghost'"})
    r = li.post(f"/api/sessions/{sid}/handover", json={"note": "?"})
    assert (r.status_code, r.json()) == (
        422,
        {"detail": "hand over to whom? give to_user or to_team"},
    )


def test_another_teams_session_is_404_and_the_attempt_is_audited(desk):
    sid = start(desk.client("li"))["id"]
    zhao = desk.client("zhao")
    for method, path, body in [
        ("GET", f"/api/sessions/{sid}", None),
        (
            "POST",
            f"/api/sessions/{sid}/answers",
            {"fact": "network_connected", "value": True, "expected_seq": 1},
        ),
        ("GET", f"/api/sessions/{sid}/report", None),
        ("POST", f"/api/sessions/{sid}/undo", {"expected_seq": 1}),
    ]:
        r = zhao.request(method, path, json=body)
        assert (r.status_code, r.json()) == (
            404,
            {"detail": f"no session '{sid}' that you may see"},
        )
    denied = [e for e in desk.store.audit_entries() if e["action"] == "access_denied"]
    assert [(e["actor"], e["session"]) for e in denied] == [("zhao", sid)] * 4
    assert desk.client("root").get(f"/api/sessions/{sid}").status_code == 200
    assert desk.client("boss").get(f"/api/sessions/{sid}").status_code == 200


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("markdown", "text/markdown; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
        ("json", "application/json"),
    ],
)
def test_report_formats(desk, fmt, media):
    li = desk.client("li")
    sid = start(li, facts={"storage_free_mb": 10})["id"]
    r = li.get(f"/api/sessions/{sid}/report", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"] == media
    assert sid in r.text
    if fmt == "json":
        assert r.json()["session"] == sid and r.json()["remaining"][0]["id"] == "storage_full"


def test_a_bad_report_format_is_422(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    assert li.get(f"/api/sessions/{sid}/report", params={"format": "pdf"}).status_code == 422


def test_logout_ends_the_login_on_the_server(desk):
    li = desk.client("li")
    cookie = dict(li.cookies)
    r = li.post("/api/logout")
    assert r.status_code == 204 and r.headers["clear-site-data"] == '"cookies", "storage"'
    replay = desk.client()
    replay.cookies.update(cookie)  # the old cookie, replayed
    assert replay.get("/api/me").status_code == 401


def test_a_disabled_user_is_out_at_the_next_request(desk):
    li = desk.client("li")
    assert li.get("/api/me").json() == {
        "name": "li",
        "role": "agent",
        "team": "desk1",
        "lang": "en",
    }
    desk.store.disable_user("li")
    assert li.get("/api/me").status_code == 401


def test_search_and_the_leads_board(desk):
    li, boss, zhao = desk.client("li"), desk.client("boss"), desk.client("zhao")
    a = start(li, ticket="INC-7", terminal={"sn": "SN-42"})["id"]
    start(zhao, ticket="INC-8")
    assert [s["id"] for s in li.get("/api/sessions", params={"q": "SN-42"}).json()] == [a]
    assert li.get("/api/sessions", params={"q": "INC-8"}).json() == []  # another team's
    assert li.get("/api/board").status_code == 403
    board = boss.get("/api/board").json()
    assert [s["id"] for s in board["open"]] == [a] and board["stuck"] == []


def test_why_and_how(desk):
    li = desk.client("li")
    got = start(li)
    why = li.get(f"/api/sessions/{got['id']}/why").json()
    assert why["fact"] == got["question"]["fact"] and why["separates"]
    how = li.get(f"/api/sessions/{got['id']}/how").json()
    assert [c["id"] for c in how] == [c["id"] for c in got["causes"][:3]]


def test_the_event_stream_sends_events_with_ids_and_presence(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    li.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "network_connected", "value": False, "expected_seq": 1},
    )
    r = li.get(f"/api/sessions/{sid}/stream", params={"once": True})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    frames = [f for f in r.text.split("\n\n") if f]
    assert frames[0].startswith("id: 1\nevent: session\n")
    assert frames[1].startswith("id: 2\nevent: session\n") and '"network_connected"' in frames[1]
    assert frames[2] == 'event: presence\ndata: {"viewers": ["li"]}'
    r = li.get(f"/api/sessions/{sid}/stream", params={"once": True}, headers={"Last-Event-ID": "1"})
    assert [f.split("\n")[0] for f in r.text.split("\n\n") if f] == ["id: 2", "event: presence"]


def test_healthz_and_openapi(desk):
    c = desk.client()
    r = c.get("/openapi.json")
    assert (r.status_code, r.json()) == (401, {"detail": "log in first"})  # behind the login
    assert c.get("/docs").status_code == 404  # Swagger UI is off: it needs a CDN script
    c = desk.client("li")
    kind = desk.store.engine.dialect.name  # each database says its own name
    assert kind in ("sqlite", "postgresql")
    assert c.get("/api/healthz").json() == {"status": "ok", "db": kind}
    spec = c.get("/openapi.json").json()
    for path in [
        "/api/login",
        "/api/sessions",
        "/api/sessions/{sid}",
        "/api/sessions/{sid}/answers",
        "/api/sessions/{sid}/undo",
        "/api/sessions/{sid}/change",
        "/api/sessions/{sid}/fix-result",
        "/api/sessions/{sid}/handover",
        "/api/sessions/{sid}/escalate",
        "/api/sessions/{sid}/report",
        "/api/healthz",
    ]:
        assert path in spec["paths"], path


def test_the_merchants_language_changes_mid_call_and_is_in_the_timeline(desk):
    li = desk.client("li")  # li works in English
    made = start(li, lang="en")
    sid, fact = made["id"], made["question"]["fact"]
    r = li.post(f"/api/sessions/{sid}/merchant-lang", json={"lang": "zh", "expected_seq": 1})
    assert r.status_code == 200, r.text
    assert r.json()["seq"] == 2 and r.json()["question"]["fact"] == fact  # same question
    got = li.get(f"/api/sessions/{sid}").json()
    assert got["lang"] == "zh"
    kb = desk.app.state.desk.doctor.kb
    assert got["question"]["text"] == kb.facts[fact].question("en")  # the agent's language
    (ev,) = [e for e in got["events"] if e["kind"] == "merchant_lang"]
    assert (ev["lang"], ev["old"], ev["actor"], ev["seq"]) == ("zh", "en", "li", 2)
    same = li.post(f"/api/sessions/{sid}/merchant-lang", json={"lang": "zh"})
    assert (same.status_code, same.json()["detail"]) == (
        422,
        "The merchant's language is that already.",
    )
    bad = li.post(f"/api/sessions/{sid}/merchant-lang", json={"lang": "fr"})
    assert bad.status_code == 422
    stale = li.post(f"/api/sessions/{sid}/merchant-lang", json={"lang": "en", "expected_seq": 1})
    assert stale.status_code == 409
    other = desk.client("zhao").post(f"/api/sessions/{sid}/merchant-lang", json={"lang": "en"})
    assert other.status_code == 404  # another team's call, as for every write
