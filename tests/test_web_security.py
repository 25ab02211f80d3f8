"""Security of the web desk (docs/security.md names the ASVS items each test shows): CSRF and
Origin on every unsafe route, headers on every response, escaping, generic errors, fuzzing."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests import web_helpers
from tests.web_helpers import PASSWORD, Desk, add_users, start

desk, users_db = web_helpers.desk, web_helpers.users_db  # the fixtures

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def _unsafe_routes(app) -> list[tuple[str, str]]:
    """Every POST/PUT/PATCH/DELETE route of the app (its OpenAPI paths) but login, which has
    no token yet."""
    out = []
    for path, ops in app.openapi()["paths"].items():
        for method in sorted(ops):
            if method in {"post", "put", "patch", "delete"} and path != "/api/login":
                out.append((method.upper(), path.replace("{sid}", "SID")))
    return out


def test_every_unsafe_route_refuses_a_missing_or_wrong_csrf_token(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    token = li.headers.pop("X-CSRF-Token")
    routes = _unsafe_routes(desk.app)
    assert len(routes) >= 11
    for method, path in routes:
        for sent in (None, "wrong", token[:-1]):
            headers = {"X-CSRF-Token": sent} if sent else {}
            r = li.request(method, path.replace("SID", sid), json={}, headers=headers)
            assert (r.status_code, r.json()) == (
                403,
                {"detail": "missing or wrong X-CSRF-Token"},
            ), (method, path, sent)
    assert [e["kind"] for e in desk.store.events(sid)] == ["start"]  # nothing was done


def test_every_unsafe_route_refuses_another_origin_even_with_the_token(desk):
    li = desk.client("li")
    sid = start(li)["id"]
    for method, path in _unsafe_routes(desk.app):
        for headers in (
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"Origin": "null", "Sec-Fetch-Site": "same-site"},
            {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
            {"Origin": "null", "Sec-Fetch-Site": "none"},
            {"Sec-Fetch-Site": "cross-site"},
            {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"},
        ):
            r = li.request(method, path.replace("SID", sid), json={}, headers=headers)
            assert (r.status_code, r.json()) == (
                403,
                {"detail": "request from another site refused"},
            ), (method, path, headers)
    r = desk.client().post(
        "/api/login",
        json={"name": "li", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert r.status_code == 403  # no login CSRF either
    ok = li.post(f"/api/sessions/{sid}/undo", json={}, headers={"Origin": "http://testserver"})
    assert ok.status_code == 422  # the own origin passes (nothing to undo is the next check)


def test_origin_null_passes_only_with_sec_fetch_site_same_origin(desk):
    """A browser's own form post under Referrer-Policy no-referrer: Origin null, same-origin."""
    li = desk.client("li")
    sid = start(li)["id"]
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    ok = li.post(f"/api/sessions/{sid}/undo", json={}, headers=own)
    assert ok.status_code == 422  # past the Origin check (nothing to undo is the next one)
    alone = li.post(f"/api/sessions/{sid}/undo", json={}, headers={"Origin": "null"})
    assert (alone.status_code, alone.json()) == (
        403,
        {"detail": "request from another site refused"},
    )


def test_pages_no_longer_relax_the_referrer_policy(desk):
    page = desk.client().get("/login")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert 'name="referrer"' not in page.text


@pytest.mark.parametrize(
    "path", ["/api/healthz", "/openapi.json", "/api/me", "/nope", "/.git/config"]
)
def test_security_headers_on_every_response(desk, path):
    r = desk.client("li").get(path)
    h = r.headers
    assert h["content-security-policy"] == EXPECTED_CSP
    assert "unsafe-inline" not in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"
    assert h["cache-control"] == "no-store"
    assert "strict-transport-security" not in h  # only over HTTPS
    if path in ("/nope", "/.git/config"):
        assert r.status_code == 404


def test_over_https_the_cookie_is_secure_host_prefixed_and_hsts_is_sent(desk):
    from fastapi.testclient import TestClient

    c = TestClient(desk.app, base_url="https://testserver")
    desk.clients.append(c)
    r = c.post("/api/login", json={"name": "li", "password": PASSWORD})
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("__Host-posdoctor_session=") and "Secure" in cookie
    assert r.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    assert c.get("/api/me").json()["name"] == "li"


def test_each_login_gets_a_new_token(desk):
    a, b = desk.client("li"), desk.client("li")
    assert dict(a.cookies)["posdoctor_session"] != dict(b.cookies)["posdoctor_session"]


XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_user_input_is_escaped_in_the_html_report(desk):
    li = desk.client("li")
    sid = start(li, ticket=XSS, log_text=f"ERROR {XSS}\n", terminal={"merchant": XSS})["id"]
    li.post(
        f"/api/sessions/{sid}/answers",
        json={"fact": "error_message", "value": XSS, "expected_seq": 1},
    )
    html = li.get(f"/api/sessions/{sid}/report", params={"format": "html"}).text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_bug_gives_a_generic_error_with_a_request_id_and_no_traceback(desk, monkeypatch):
    from posdoctor.web import service

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(service, "search", broken)
    r = desk.client("li").get("/api/sessions")
    assert r.status_code == 500
    assert set(r.json()) == {"detail", "request_id"} and r.json()["detail"] == "internal error"
    assert "secret" not in r.text and "Traceback" not in r.text
    assert r.headers["x-request-id"] == r.json()["request_id"]


def test_unknown_keys_are_refused_no_mass_assignment(desk):
    li = desk.client("li")
    r = li.post("/api/sessions", json={"owner": "root", "team": "desk2"})
    assert r.status_code == 422
    assert {e["loc"][-1] for e in r.json()["detail"]} == {"owner", "team"}


# ---- fuzzing the OpenAPI description -----------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_desk(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}"
    add_users(url)
    d = Desk(url)
    from posdoctor.web.limits import WriteLimit

    d.app.state.desk.writes = WriteLimit(per_minute=0)  # ~150 writes a minute: not the point here
    yield d
    d.close()


@pytest.fixture(scope="module")
def fuzz_login(fuzz_desk):
    """A lead's cookie and CSRF token, and one real session id to aim at."""
    c = fuzz_desk.client("boss")
    sid = start(c, facts={"storage_free_mb": 10})["id"]
    return dict(c.cookies), {"X-CSRF-Token": c.headers["X-CSRF-Token"]}, sid


def _operations(app, cookies: dict):
    jar = "; ".join(f"{k}={v}" for k, v in cookies.items())  # the description needs a login
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers={"Cookie": jar})
    # the stream never ends by design; logout would end the fuzzer's own login
    schema = schema.exclude(path_regex="/stream$").exclude(path="/api/logout")
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(op, cookies: dict, headers: dict, sid: str, seen: list[int]) -> None:
    """Send up to 12 generated requests of one operation."""

    @given(case=op.as_strategy())
    @settings(
        max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def one(case):
        if "sid" in (case.path_parameters or {}) and len(seen) % 2:
            case.path_parameters["sid"] = sid  # half the cases aim at a real session
        response = case.call(cookies=cookies, headers=headers)
        seen.append(response.status_code)
        assert response.status_code < 500, (op.label, case.body, response.text[:300])

    one()


def test_fuzzing_the_openapi_finds_no_server_error(fuzz_desk, fuzz_login):
    """Schemathesis generates requests from /openapi.json for every operation (valid and
    invalid bodies, odd ids and strings), sent with a lead's login: none may give a 5xx."""
    cookies, headers, sid = fuzz_login
    operations = _operations(fuzz_desk.app, cookies)
    assert len(operations) >= 18
    seen: list[int] = []
    for op in operations:
        _fuzz(op, cookies, headers, sid, seen)
    assert len(seen) >= 100 and max(seen) < 500
    assert {200, 404, 422} <= set(seen)  # it reached the handlers, not only the login check


def test_writes_are_rate_limited_per_user(desk):
    from posdoctor.web.limits import WriteLimit

    desk.app.state.desk.writes = WriteLimit(per_minute=3, clock=lambda: 1000.0)  # time stands
    # still: on a loaded machine the requests' own seconds would refill the bucket a little
    li, wang = desk.client("li"), desk.client("wang")
    sid = start(li)["id"]  # 1
    body = {"fact": "error_message", "value": "x", "expected_seq": 1}
    key = {"Idempotency-Key": "k1"}
    assert li.post(f"/api/sessions/{sid}/answers", json=body, headers=key).status_code == 200
    again = li.post(f"/api/sessions/{sid}/answers", json=body, headers=key)
    assert again.status_code == 200  # a retry of a write made is not counted
    assert li.post(f"/api/sessions/{sid}/undo", json={}).status_code == 200  # 3
    r = li.post(f"/api/sessions/{sid}/undo", json={})
    assert r.status_code == 429
    assert r.json() == {"detail": "Too many changes in a short time; try again in 20 s."}
    assert r.headers["Retry-After"] == "20"
    assert li.get(f"/api/sessions/{sid}").status_code == 200  # reading is not limited
    assert wang.post("/api/sessions", json={}).status_code == 201  # another user's bucket
    assert [e["kind"] for e in desk.store.events(sid)] == ["start", "answer", "undo"]


def test_the_write_limit_refills_at_its_rate(monkeypatch):
    from posdoctor.web import limits

    now = [1000.0]
    w = limits.WriteLimit(per_minute=60, clock=lambda: now[0])
    assert [w.wait_for("li") for _ in range(60)] == [0.0] * 60
    assert w.wait_for("li") == pytest.approx(1.0)
    now[0] += 0.5
    assert w.wait_for("li") == pytest.approx(0.5)
    now[0] += 0.5
    assert w.wait_for("li") == 0.0
    monkeypatch.setenv("POSDOCTOR_WRITE_LIMIT", "0")
    off = limits.WriteLimit()
    assert all(off.wait_for("li") == 0.0 for _ in range(1000))
    monkeypatch.setenv("POSDOCTOR_WRITE_LIMIT", "lots")
    assert limits.WriteLimit().per_minute == limits.DEFAULT_PER_MINUTE
