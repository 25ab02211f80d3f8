"""The help desk's HTML pages over HTTP, in-process (FastAPI's TestClient, SQLite in tmp): the
login wall, CSRF and Origin on every form post, escaping, refusals shown in words (409 conflict,
422 unconfirmed risky step), another team's call, the JSON twins, the lead's board and its
fleet-incident alert, and pages free of inline script and style (the CSP forbids them)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

pytest.importorskip("fastapi", reason="the web extra is not installed")

from fastapi.testclient import TestClient

from posdoctor.messages import say
from posdoctor.web import service as svc
from posdoctor.web.app import create_app
from posdoctor.web.board import ALERT_CALLS

PASSWORD = "correct horse battery staple"
FLASH = {  # tests/cases/flash_io_error.yaml: one cause ahead, a risky step after the others
    "error_message": "EXT4-fs error (device mmcblk0p25): Remounting filesystem read-only",
    "update_stage_failed": "install",
    "flash_io_error_seen": True,
    "device_age_years": 6,
    "storage_free_mb": 1500,
    "device_boots_normally": True,
}


@pytest.fixture()
def app(tmp_path: Path) -> Any:
    app = create_app(f"sqlite:///{tmp_path / 'desk.db'}")
    store = app.state.desk.store
    for name, role, team, lang in (
        ("li", "agent", "l1", "en"),
        ("wang", "agent", "l1", "zh"),
        ("zhao", "lead", "l1", "zh"),
        ("sun", "agent", "l2", "en"),
    ):
        store.add_user(name, role, PASSWORD, team, lang)
    return app


def login(app: Any, name: str) -> tuple[TestClient, str]:
    """A client logged in through the form, and its CSRF token (read off the page)."""
    client = TestClient(app, base_url="http://desk.test")
    r = client.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    page = client.get("/").text
    return client, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def actor(app: Any, name: str) -> svc.Actor:
    user = app.state.desk.store.user(name)
    return svc.Actor(user.name, user.role, user.team, user.lang)


def new_call(app: Any, name: str, facts: dict[str, Any] | None = None, **terminal: str) -> str:
    made = svc.start_session(
        app.state.desk, actor(app, name), "T-1", terminal or None, None, facts, None
    )
    return str(made["id"])


HTMX = {"HX-Request": "true"}


def test_pages_without_a_login_go_to_the_login_form(app: Any) -> None:
    client = TestClient(app, base_url="http://desk.test")
    sid = new_call(app, "li")
    for path in ("/", "/search?q=x", "/queue", "/board", f"/calls/{sid}", f"/calls/{sid}/why"):
        r = client.get(path, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/login"), path
    r = client.get(f"/calls/{sid}/fragment", headers=HTMX, follow_redirects=False)
    assert (r.status_code, r.headers["hx-redirect"]) == (204, "/login")
    assert "posdoctor" in client.get("/login").text


def test_a_wrong_password_says_so_in_the_browsers_language(app: Any) -> None:
    client = TestClient(app, base_url="http://desk.test")
    r = client.post(
        "/login", data={"name": "li", "password": "nope"}, headers={"Accept-Language": "zh-CN"}
    )
    assert r.status_code == 401
    assert f'id="login-error">{say("web.bad_login", "zh")}</p>' in r.text


def test_form_posts_need_the_csrf_token_and_our_origin(app: Any) -> None:
    client, csrf = login(app, "li")
    sid = new_call(app, "li")
    form = {"fact": "error_message", "value": "x", "expected_seq": "1"}
    assert client.post(f"/calls/{sid}/answer", data=form).status_code == 403
    bad = client.post(f"/calls/{sid}/answer", data={**form, "csrf_token": "forged"})
    assert bad.status_code == 403
    foreign = {"Origin": "http://evil.test", "X-CSRF-Token": csrf}
    assert client.post(f"/calls/{sid}/answer", data=form, headers=foreign).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    assert app.state.desk.store.session(sid).seq == 1  # nothing was written
    ok = client.post(
        f"/calls/{sid}/answer", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert (ok.status_code, ok.headers["location"]) == (303, f"/calls/{sid}")  # without script


def test_names_logs_and_answers_are_escaped(app: Any) -> None:
    client, csrf = login(app, "li")
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    r = client.post(
        "/calls",
        data={"csrf_token": csrf, "ticket": evil[:80], "merchant": evil, "log_text": evil},
        follow_redirects=False,
    )
    page = client.get(r.headers["location"]).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    )


def test_a_stale_answer_is_refused_with_who_answered_what(app: Any) -> None:
    sid = new_call(app, "li")
    svc.answer(app.state.desk, actor(app, "wang"), sid, "error_message", FLASH["error_message"], 1)
    client, csrf = login(app, "li")
    r = client.post(
        f"/calls/{sid}/answer",
        data={"fact": "error_message", "value": "unknown", "expected_seq": "1"},
        headers={**HTMX, "X-CSRF-Token": csrf},
    )
    assert r.status_code == 409
    at = re.search(r"at (\d\d:\d\d:\d\d)\.", r.text).group(1)
    question = app.state.desk.doctor.kb.facts["error_message"].question("en")
    text = say(
        "desk.conflict", "en", name="wang", question=question, value=FLASH["error_message"], at=at
    )
    assert text.replace('"', "&#34;") in r.text or text in r.text.replace("&#34;", '"')
    assert 'id="conflict"' in r.text and 'data-seq="2"' in r.text  # the call as it is now


def to_the_risky_step(app: Any, sid: str) -> int:
    """Answer the flash case and fail the safe steps; the session escalates (a failing flash
    chip is second line's: the factory reset is not worth its 40 minutes first), the agent goes
    on fixing and fails every ordinary step left; the seq at the risky step."""
    desk, li = app.state.desk, actor(app, "li")
    seq = 1
    for fact, value in FLASH.items():
        seq = svc.answer(desk, li, sid, fact, value, seq)["seq"]
    turn = svc.view_session(desk, li, sid)
    if turn["phase"] == "asking":
        seq = svc.start_fixing(desk, li, sid, seq)["seq"]
    seq = svc.fix_result(desk, li, sid, "failed", seq)["seq"]  # reboot
    assert svc.view_session(desk, li, sid)["escalation_reason"] == "second_line_cheaper"
    seq = svc.resume_asking(desk, li, sid, seq)["seq"]
    seq = svc.start_fixing(desk, li, sid, seq)["seq"]
    steps = desk.doctor.kb.steps
    tried = []  # flash_io_error leads at about 0.5, under WELL_AHEAD: every ordinary step first
    while (step := svc.view_session(desk, li, sid)["fix"]["step"]) != "factory_reset_terminal":
        tried.append(step)
        seq = svc.fix_result(desk, li, sid, "failed", seq)["seq"]
    assert len(tried) == len(set(tried)) > 2
    assert not any(steps[s].risky for s in tried)
    return seq


@pytest.mark.parametrize("result", ["worked", "failed"])
def test_a_risky_steps_result_needs_it_confirmed(app: Any, result: str) -> None:
    sid = new_call(app, "li")
    seq = to_the_risky_step(app, sid)
    client, csrf = login(app, "li")
    headers = {**HTMX, "X-CSRF-Token": csrf}
    form = {"step": "factory_reset_terminal", "result": result, "expected_seq": str(seq)}
    r = client.post(f"/calls/{sid}/fix-result", data=form, headers=headers)
    assert r.status_code == 422
    assert f'id="error">{say("desk.risky_unconfirmed", "en")}</p>' in r.text
    assert 'id="confirm-risky"' in r.text  # the warning again, waiting for the confirmation
    page = client.get(f"/calls/{sid}/fragment?confirm=factory_reset_terminal", headers=headers)
    assert (
        'value="worked"' in page.text
        and 'name="confirmed" value="factory_reset_terminal"' in page.text
    )
    form["confirmed"] = "factory_reset_terminal"
    r = client.post(f"/calls/{sid}/fix-result", data=form, headers=headers)
    assert r.status_code == 200
    now = svc.view_session(app.state.desk, actor(app, "li"), sid)
    if result == "worked":
        assert now["phase"] == "resolved"
    else:  # the agent went on after the escalation: steps left until none is
        assert now["phase"] in ("fixing", "escalated")
        assert now["phase"] == "fixing" or now["escalation_reason"] == "nothing_left"


def test_another_teams_call_is_not_found(app: Any) -> None:
    sid = new_call(app, "li")
    client, csrf = login(app, "sun")
    r = client.get(f"/calls/{sid}")
    assert r.status_code == 404
    assert str(escape(say("web.no_session", "en", id=sid))) in r.text
    r = client.post(
        f"/calls/{sid}/undo", data={"expected_seq": "1"}, headers={"X-CSRF-Token": csrf}
    )
    assert r.status_code == 404
    assert f'data-call="{sid}"' not in client.get(f"/search?q={sid}").text


def test_every_page_names_its_json_twin_and_the_twin_answers(app: Any) -> None:
    sid = new_call(app, "li")
    client, _ = login(app, "zhao")
    for path in (
        "/",
        f"/calls/{sid}",
        f"/calls/{sid}/how",
        "/search?q=T-1",
        "/board",
        f"/calls/{sid}/report",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
        twin = re.fullmatch(
            r'<([^>]+)>; rel="alternate"; type="application/json"', r.headers["link"]
        )
        assert twin, path
        j = client.get(twin.group(1))
        assert (j.status_code, j.headers["content-type"]) == (200, "application/json"), path


def test_the_board_raises_a_fleet_incident_for_calls_sharing_cause_model_and_region(
    app: Any,
) -> None:
    calls = [
        new_call(app, "li", FLASH, id=f"P{i}", model="A920", region="north")
        for i in range(ALERT_CALLS)
    ]
    other = new_call(app, "wang", FLASH, id="P9", model="A920", region="south")
    client, _ = login(app, "zhao")
    page = client.get("/board").text
    alert = re.search(
        r'<div class="alert" role="alert" data-alert="flash_io_error">(.*?)</div>', page, re.S
    )
    assert alert, page
    assert all(sid in alert.group(1) for sid in calls) and other not in alert.group(1)
    title = app.state.desk.doctor.kb.causes["flash_io_error"].title("zh")
    text = say(
        "desk.incident_text",
        "zh",
        n=ALERT_CALLS,
        minutes=30,
        cause=title,
        model="A920",
        region="north",
    )
    assert text in alert.group(1).replace("&#34;", '"')
    agent, _ = login(app, "li")
    assert agent.get("/board").status_code == 403


class Inline(HTMLParser):
    """Inline script, inline style, event-handler attributes and hx-on in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {k for k, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {k}" for k in names if k == "style" or k.startswith(("on", "hx-on"))]


def test_pages_have_no_inline_script_or_style_and_say_every_key(app: Any) -> None:
    sid = new_call(app, "li")
    to_the_risky_step(app, sid)
    client, _ = login(app, "zhao")
    for path in (
        "/login",
        "/",
        f"/calls/{sid}",
        f"/calls/{sid}?confirm=factory_reset_terminal",
        f"/calls/{sid}/why",
        f"/calls/{sid}/how",
        "/board",
        "/queue",
        "/search?q=T",
        f"/calls/{sid}/report",
    ):
        r = client.get(path)
        parser = Inline()
        parser.feed(r.text)
        assert parser.found == [], path
        assert "script-src 'self'" in r.headers["content-security-policy"]
    page = client.get(f"/calls/{sid}").text
    keys = re.findall(r"<dt>(.*?)</dt>", page.split('id="keys-help"')[1])
    assert [re.findall(r"<kbd>(.*?)</kbd>", k) for k in keys] == [
        ["y", "n", "u"],
        ["1-9"],
        ["w"],
        ["h"],
        ["b"],
        ["c"],
        ["f"],
        ["e"],
        ["/"],
        ["?"],
        ["Esc"],
    ]


def test_the_merchants_language_is_changed_on_the_call_screen(app: Any) -> None:
    client, csrf = login(app, "li")  # li's screen is in English
    sid = new_call(app, "li")  # the merchant's language starts as li's
    page = client.get(f"/calls/{sid}").text
    assert 'class="merchant"' not in page  # nothing to read out in another language
    form = {"csrf_token": csrf, "lang": "zh", "expected_seq": "1"}
    r = client.post(f"/calls/{sid}/merchant-lang", data=form, headers=HTMX)
    assert r.status_code == 200
    fact = app.state.desk.doctor.kb.facts[
        svc.view_session(app.state.desk, actor(app, "li"), sid)["question"]["fact"]
    ]
    assert str(escape(fact.question("zh"))) in r.text  # read out to the merchant in Chinese
    assert str(escape(fact.question("en"))) in r.text  # li still reads English
    chinese = say("desk.lang_zh", "en")
    assert str(escape(say("desk.merchant_lang_set", "en", name=chinese))) in r.text
    assert str(escape(say("desk.merchant_lang_event", "en", name=chinese))) in r.text
    assert '<option value="zh" selected>' in r.text
