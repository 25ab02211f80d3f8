"""The HTML pages of the help desk; every page has a JSON twin in api.py (named in each page's
``Link: rel=alternate`` header). Routes are thin: the service checks and does everything, the
templates say it in zh or en. Here: logging in and out, the lists (calls, search, queue,
board) and the printable report; the call screen's routes are in callroutes.py.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..messages import say
from . import board as boards
from . import callroutes
from . import service as svc
from .auth import check_origin, clear_login_cookie, client_ip, desk_of, set_login_cookie, token_of
from .errors import ServiceError
from .pagekit import LoginNeeded, guard, page_actor, path_of, posted, read_form, render, twin
from .views import loads

router = APIRouter(include_in_schema=False)
router.include_router(callroutes.router)
OPEN = ("asking", "fixing", "escalated")


# ---- logging in and out ----------------------------------------------------------------------
@router.get("/login", name="desk_login")
async def login_form(request: Request) -> Response:
    """The login form (a signed-in user goes to their calls)."""
    try:
        page_actor(request)
        return RedirectResponse(path_of(request, "home"), 303)
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
    response = RedirectResponse(path_of(request, "home"), 303)
    set_login_cookie(request, response, got.token)
    return response


@router.post("/logout", name="desk_logout")
async def logout(request: Request) -> Response:
    """End the login on the server, drop the cookie and whatever the browser kept."""

    async def work() -> Response:
        actor, _ = await posted(request)
        await run_in_threadpool(svc.logout, desk_of(request), token_of(request) or "", actor)
        response = RedirectResponse(path_of(request, "login") + "?bye=1", 303)
        clear_login_cookie(request, response)
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return await guard(request, work)


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
        return render(request, "home.html.j2", mine=mine, error=None, headers=twin("/api/sessions"))

    return await guard(request, work)


@router.get("/search", name="desk_search")
async def search(request: Request) -> Response:
    """Calls by ticket, terminal or merchant."""

    async def work() -> Response:
        actor = page_actor(request)
        query = request.query_params.get("q", "")[:200].strip()
        found = await run_in_threadpool(svc.search, desk_of(request), actor, query) if query else []
        rows = [_row(s) for s in found]
        link = twin("/api/sessions?q=" + quote(query))
        return render(request, "search.html.j2", rows=rows, query=query, headers=link)

    return await guard(request, work)


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
        return render(request, "queue.html.j2", rows=rows, headers=twin("/api/sessions"))

    return await guard(request, work)


@router.get("/board", name="desk_board")
async def board(request: Request) -> Response:
    """The lead's board: open calls, calls stuck without an answer, possible fleet incidents."""
    return await guard(request, lambda: _board(request, "board.html.j2"))


@router.get("/board/fragment", name="desk_board_fragment")
async def board_fragment(request: Request) -> Response:
    """The board again (its live refresh)."""
    return await guard(request, lambda: _board(request, "board.html.j2"))


async def _board(request: Request, template: str) -> Response:
    actor = page_actor(request)
    b = await run_in_threadpool(boards.build, desk_of(request), actor)
    b = {**b, "open": [_row(r) for r in b["open"]], "stuck": [_row(r) for r in b["stuck"]]}
    return render(request, template, b=b, headers=twin("/api/board"))


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
            headers=twin(api + "json"),
        )

    return await guard(request, work)
