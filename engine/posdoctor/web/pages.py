"""The HTML pages of the help desk; every page has a JSON twin in api.py (named in each page's
``Link: rel=alternate`` header). Routes are thin: the service checks and does everything,
callpage.py turns its replies into the call screen, the templates say it in zh or en.

With htmx a write answers with the call screen's fragment (409 with a readable conflict, 422
with the refusal); without script it redirects to the page (POST-redirect-GET).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..messages import say
from . import board as boards
from . import callpage
from . import service as svc
from .auth import check_origin, clear_login_cookie, client_ip, desk_of, set_login_cookie, token_of
from .errors import ServiceError, Stale
from .pagekit import LoginNeeded, done, is_htmx, page_actor, posted, read_form, render, to_login
from .views import loads

router = APIRouter(include_in_schema=False)
OPEN = ("asking", "fixing", "escalated")


def _path(request: Request, name: str, **params: Any) -> str:
    return str(request.app.url_path_for(f"desk_{name}", **params))


async def _guard(request: Request, work: Callable[[], Awaitable[Response]]) -> Response:
    """Run a page: no login -> the login form; a refusal -> an error page with its status."""
    try:
        return await work()
    except LoginNeeded:
        return to_login(request)
    except ServiceError as exc:
        actor = getattr(request.state, "actor", None)
        lang = actor.lang if actor else "en"
        return render(request, "error.html.j2", exc.status, message=exc.text(lang))


# ---- logging in and out ----------------------------------------------------------------------
@router.get("/login", name="desk_login")
async def login_form(request: Request) -> Response:
    """The login form (a signed-in user goes to their calls)."""
    try:
        page_actor(request)
        return RedirectResponse(_path(request, "home"), 303)
    except LoginNeeded:
        bye = request.query_params.get("bye") == "1"
        request.state.actor = None
        return render(request, "login.html.j2", error=None, notice=_bye(request) if bye else None)


def _bye(request: Request) -> str:
    return say(
        "desk.logged_out", "zh" if "zh" in request.headers.get("accept-language", "")[:2] else "en"
    )


@router.post("/login", name="desk_login_post")
async def login_post(request: Request) -> Response:
    """Check the password; set the login cookie and go to the calls, or say what failed."""
    check_origin(request)
    form = await read_form(request)
    name, password = form.get("name", "")[:64], form.get("password", "")
    try:
        got = await run_in_threadpool(
            svc.login, desk_of(request), name, password, client_ip(request)
        )
    except ServiceError as exc:
        request.state.actor = None
        lang = "zh" if request.headers.get("accept-language", "").startswith("zh") else "en"
        return render(
            request, "login.html.j2", exc.status, error=exc.text(lang), notice=None, name=name
        )
    response = RedirectResponse(_path(request, "home"), 303)
    set_login_cookie(request, response, got.token)
    return response


@router.post("/logout", name="desk_logout")
async def logout(request: Request) -> Response:
    """End the login on the server, drop the cookie and whatever the browser kept."""

    async def work() -> Response:
        actor, _ = await posted(request)
        await run_in_threadpool(svc.logout, desk_of(request), token_of(request) or "", actor)
        response = RedirectResponse(_path(request, "login") + "?bye=1", 303)
        clear_login_cookie(request, response)
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return await _guard(request, work)


# ---- lists -----------------------------------------------------------------------------------
def _row(summary: dict[str, Any]) -> dict[str, Any]:
    """A service summary as a row of the calls table."""
    terminal = summary.get("terminal") or {}
    return {
        "id": summary["id"],
        "ticket": summary.get("ticket"),
        "terminal": terminal.get("id", ""),
        "merchant": terminal.get("merchant", ""),
        "phase": summary["phase"],
        "owner": summary.get("owner") or "",
        "team": summary.get("team") or "",
        "top": summary.get("top"),
        "updated": str(summary.get("updated_at", ""))[:16].replace("T", " "),
    }


@router.get("/", name="desk_home")
async def home(request: Request) -> Response:
    """The agent's open calls and the form to start one."""

    async def work() -> Response:
        actor = page_actor(request)
        found = await run_in_threadpool(svc.search, desk_of(request), actor, "")
        mine = [_row(s) for s in found if s.get("owner") == actor.name and s["phase"] in OPEN]
        return render(
            request, "home.html.j2", mine=mine, error=None, headers=_twin("/api/sessions")
        )

    return await _guard(request, work)


@router.get("/search", name="desk_search")
async def search(request: Request) -> Response:
    """Calls by ticket, terminal or merchant."""

    async def work() -> Response:
        actor = page_actor(request)
        query = request.query_params.get("q", "")[:200].strip()
        found = await run_in_threadpool(svc.search, desk_of(request), actor, query) if query else []
        rows = [_row(s) for s in found]
        twin = _twin("/api/sessions?q=" + quote(query))
        return render(request, "search.html.j2", rows=rows, query=query, headers=twin)

    return await _guard(request, work)


@router.get("/queue", name="desk_queue")
async def queue(request: Request) -> Response:
    """The team's queue: open calls handed or escalated to the team, no one's yet."""

    async def work() -> Response:
        actor = page_actor(request)
        found = await run_in_threadpool(svc.search, desk_of(request), actor, "")
        rows = [
            _row(s)
            for s in found
            if s.get("team") == actor.team and not s.get("owner") and s["phase"] in OPEN
        ]
        return render(request, "queue.html.j2", rows=rows, headers=_twin("/api/sessions"))

    return await _guard(request, work)


@router.get("/board", name="desk_board")
async def board(request: Request) -> Response:
    """The lead's board: open calls, calls stuck without an answer, possible fleet incidents."""
    return await _guard(request, lambda: _board(request, "board.html.j2"))


@router.get("/board/fragment", name="desk_board_fragment")
async def board_fragment(request: Request) -> Response:
    """The board again (its live refresh)."""
    return await _guard(request, lambda: _board(request, "board.html.j2"))


async def _board(request: Request, template: str) -> Response:
    actor = page_actor(request)
    b = await run_in_threadpool(boards.build, desk_of(request), actor)
    b = {**b, "open": [_row(r) for r in b["open"]], "stuck": [_row(r) for r in b["stuck"]]}
    return render(request, template, b=b, headers=_twin("/api/board"))


def _twin(path: str) -> dict[str, str]:
    """The Link header naming a page's JSON twin."""
    return {"Link": f'<{path}>; rel="alternate"; type="application/json"'}


# ---- one call --------------------------------------------------------------------------------
@router.post("/calls", name="desk_new_call")
async def new_call(request: Request) -> Response:
    """Start a call from a ticket, a terminal, a merchant and a pasted log."""

    async def work() -> Response:
        actor, form = await posted(request)
        terminal = {
            k: form[f].strip()[:120]
            for k, f in (
                ("id", "terminal"),
                ("merchant", "merchant"),
                ("model", "model"),
                ("region", "region"),
            )
            if form.get(f, "").strip()
        }
        lang = (
            form.get("merchant_lang") if form.get("merchant_lang") in ("en", "zh") else actor.lang
        )
        try:
            made = await run_in_threadpool(
                svc.start_session,
                desk_of(request),
                actor,
                form.get("ticket", "").strip()[:80] or None,
                terminal or None,
                form.get("log_text") or None,
                None,
                lang,
            )
        except ServiceError as exc:
            return render(request, "home.html.j2", exc.status, mine=[], error=exc.text(actor.lang))
        return done(request, _path(request, "call", sid=made["id"]))

    return await _guard(request, work)


@router.get("/calls/{sid}", name="desk_call")
async def call(request: Request, sid: str) -> Response:
    """The call screen."""
    return await _guard(request, lambda: _show(request, sid, "call.html.j2"))


@router.get("/calls/{sid}/fragment", name="desk_call_fragment")
async def call_fragment(request: Request, sid: str) -> Response:
    """The call screen's live part (after an event of its stream, or a risky step confirmed)."""
    return await _guard(request, lambda: _show(request, sid, "_call.html.j2"))


async def _show(request: Request, sid: str, template: str, **extra: Any) -> Response:
    actor = page_actor(request)
    confirm = request.query_params.get("confirm", "")
    c = await run_in_threadpool(callpage.view, desk_of(request), actor, sid, None, confirm, **extra)
    return _screen(request, template, c)


def _screen(request: Request, template: str, c: dict[str, Any], status: int = 200) -> Response:
    c["events_url"] = str(request.app.url_path_for("stream", sid=c["id"]))
    return render(request, template, status, c=c, headers=_twin(f"/api/sessions/{quote(c['id'])}"))


WRITES: dict[str, Callable[..., dict[str, Any]]] = {
    "answer": lambda d, a, sid, f, seq: svc.answer(
        d, a, sid, f.get("fact", ""), f.get("value", ""), seq
    ),
    "change": lambda d, a, sid, f, seq: svc.change(
        d, a, sid, f.get("fact", ""), f.get("value", ""), seq
    ),
    "undo": lambda d, a, sid, f, seq: svc.undo(d, a, sid, seq),
    "start_fixing": lambda d, a, sid, f, seq: svc.start_fixing(d, a, sid, seq),
    "resume": lambda d, a, sid, f, seq: svc.resume_asking(d, a, sid, seq),
    "fix_result": lambda d, a, sid, f, seq: svc.fix_result(
        d, a, sid, f.get("result", ""), seq, f.get("confirmed", "") == f.get("step", "-")
    ),
    "escalate": lambda d, a, sid, f, seq: svc.escalate(
        d, a, sid, f.get("team", ""), f.get("note", ""), seq
    ),
    "handover": lambda d, a, sid, f, seq: svc.handover(
        d,
        a,
        sid,
        f.get("to_user", "").strip() or None,
        f.get("to_team", "").strip() or None,
        f.get("note", ""),
        seq,
    ),
}
ADVANCE = ("answer", "change", "resume")  # nothing left worth asking: on to the fixes


def _write(
    request: Request, actor: svc.Actor, sid: str, op: str, form: dict[str, str]
) -> dict[str, Any]:
    """Do one write; when it leaves nothing worth asking, go on to the fixes (as `ask` does)."""
    desk = desk_of(request)
    seq_text = form.get("expected_seq", "")
    seq = int(seq_text) if seq_text.isdigit() else None
    _refuse_unconfirmed(desk, actor, sid, op, form)
    reply = WRITES[op](desk, actor, sid, form, seq)
    if op in ADVANCE and reply["phase"] == "asking" and reply.get("question") is None:
        reply = {**reply, **svc.start_fixing(desk, actor, sid, reply["seq"])}
    extra: dict[str, Any] = {}
    if op == "change":
        extra["diff"] = callpage.diff(desk, sid, reply, actor.lang)
    elif op == "undo":
        extra["notice"] = say("desk.undone", actor.lang, what=_undone(desk, reply, actor.lang))
    elif op == "handover":
        extra["notice"] = say(
            "desk.handed_to", actor.lang, name=form.get("to_user") or form.get("to_team")
        )
    elif op == "escalate":
        team = desk.doctor.kb.teams.get(form.get("team", ""))
        extra["notice"] = say(
            "desk.escalated_to",
            actor.lang,
            team=team.name(actor.lang) if team else form.get("team"),
        )
    return callpage.view(desk, actor, sid, reply, **extra)


def _undone(desk: svc.Desk, reply: dict[str, Any], lang: str) -> str:
    """What an undo took back, in words (the question, or the step)."""
    e = reply.get("undone") or {}
    kb = desk.doctor.kb
    if e.get("fact") in kb.facts:
        return kb.facts[e["fact"]].question(lang)
    if e.get("step") in kb.steps:
        return kb.steps[e["step"]].title(lang)
    return str(e.get("kind") or "")


def _refuse_unconfirmed(
    desk: svc.Desk, actor: svc.Actor, sid: str, op: str, form: dict[str, str]
) -> None:
    """A risky step's result (worked or failed) needs the step confirmed first."""
    if op != "fix_result" or form.get("result") == "skipped":
        return
    step = desk.doctor.kb.steps.get(form.get("step", ""))
    if step is not None and step.risky and form.get("confirmed") != step.id:
        raise svc.Invalid(say("desk.risky_unconfirmed", actor.lang))


def _post(op: str) -> Callable[[Request, str], Awaitable[Response]]:
    async def route(request: Request, sid: str) -> Response:
        async def work() -> Response:
            actor, form = await posted(request)
            try:
                c = await run_in_threadpool(_write, request, actor, sid, op, form)
            except Stale as exc:
                text = callpage.conflict_text(desk_of(request), exc.latest, actor.lang)
                return await _refusal(request, actor, sid, 409, conflict=text)
            except svc.Invalid as exc:
                return await _refusal(request, actor, sid, 422, error=exc.text(actor.lang))
            if not is_htmx(request):
                return done(request, _path(request, "call", sid=sid))
            return _screen(request, "_call.html.j2", c)

        return await _guard(request, work)

    route.__doc__ = f"The call screen's {op} (htmx: the new fragment)."
    return route


async def _refusal(
    request: Request, actor: svc.Actor, sid: str, status: int, **extra: Any
) -> Response:
    """The call as it is now, with why the write was refused (409 conflict, 422 invalid)."""
    c = await run_in_threadpool(callpage.view, desk_of(request), actor, sid, None, "", **extra)
    return _screen(request, "_call.html.j2" if is_htmx(request) else "call.html.j2", c, status)


for _op, _url in (
    ("answer", "answer"),
    ("change", "change"),
    ("undo", "undo"),
    ("start_fixing", "start-fixing"),
    ("resume", "resume"),
    ("fix_result", "fix-result"),
    ("escalate", "escalate"),
    ("handover", "handover"),
):
    router.add_api_route(f"/calls/{{sid}}/{_url}", _post(_op), methods=["POST"], name=f"desk_{_op}")


@router.get("/calls/{sid}/why", name="desk_why")
async def why(request: Request, sid: str) -> Response:
    """Why this question (into the explanation panel)."""
    return await _guard(request, lambda: _explain(request, sid, "why"))


@router.get("/calls/{sid}/how", name="desk_how")
async def how(request: Request, sid: str) -> Response:
    """How the ranking was reached (into the explanation panel)."""
    return await _guard(request, lambda: _explain(request, sid, "how"))


async def _explain(request: Request, sid: str, what: str) -> Response:
    actor = page_actor(request)
    desk, kb = desk_of(request), desk_of(request).doctor.kb
    twin = _twin(f"/api/sessions/{quote(sid)}/{what}")
    if what == "why":
        w = await run_in_threadpool(svc.why, desk, actor, sid)
        return render(
            request, "_why.html.j2", w=callpage.callview.why_view(kb, w, actor.lang), headers=twin
        )
    h = await run_in_threadpool(svc.how, desk, actor, sid)
    return render(
        request, "_how.html.j2", causes=callpage.callview.how_view(kb, h, actor.lang), headers=twin
    )


@router.get("/calls/{sid}/report", name="desk_report")
async def report(request: Request, sid: str) -> Response:
    """The printable escalation report of a call."""

    async def work() -> Response:
        actor = page_actor(request)
        desk = desk_of(request)
        text, _ = await run_in_threadpool(svc.report, desk, actor, sid, "json")
        row = desk.store.session(sid)
        terminal = loads(row.terminal) if row.terminal else {}
        info = {
            "ticket": row.ticket,
            "terminal": terminal.get("id"),
            "merchant": terminal.get("merchant"),
        }
        api = f"/api/sessions/{quote(sid)}/report?format="
        return render(
            request,
            "report.html.j2",
            r=loads(text),
            call=info,
            report_md=api + "markdown",
            report_json=api + "json",
            headers=_twin(api + "json"),
        )

    return await _guard(request, work)
