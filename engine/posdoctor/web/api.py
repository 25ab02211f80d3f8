"""The JSON API under /api (described by /openapi.json). Routes are thin: the service layer
checks and does everything; these turn its errors into status codes."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from ..store import StoreFailure
from . import service as svc
from .auth import (
    check_origin,
    clear_login_cookie,
    client_ip,
    current_actor,
    desk_of,
    set_login_cookie,
    token_of,
)
from .errors import RateLimited, ServiceError, Stale
from .schemas import (
    AnswerIn,
    ChangeOut,
    Created,
    EscalateIn,
    FixResultIn,
    HandoverIn,
    Health,
    LoginIn,
    LoginOut,
    MerchantLangIn,
    NewSession,
    SeqIn,
    SessionOut,
    SkipIn,
    Turn,
)

router = APIRouter(prefix="/api")
Who = Annotated[svc.Actor, Depends(current_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not logged in"},
    403: {"description": "CSRF, origin or role"},
    404: {"description": "no such session, or not yours"},
    409: {"description": "stale seq"},
    422: {"description": "a bad value"},
}


def lang_of(request: Request) -> str:
    actor = getattr(request.state, "actor", None)
    return actor.lang if actor else "en"


def service_error(request: Request, exc: Exception) -> JSONResponse:
    """A refused call: its status and its message in the actor's language."""
    assert isinstance(exc, ServiceError)
    body: dict[str, Any] = {"detail": exc.text(lang_of(request))}
    headers = {"Retry-After": "900"} if exc.status == 429 else None
    if isinstance(exc, RateLimited):
        headers = {"Retry-After": str(max(1, math.ceil(exc.retry_after)))}
    if isinstance(exc, Stale):
        body.update(seq=exc.seq, latest=exc.latest)
    return JSONResponse(body, exc.status, headers=headers)


def store_error(request: Request, exc: Exception) -> JSONResponse:
    """The database failed: 503 saying what failed (nothing was acknowledged)."""
    assert isinstance(exc, StoreFailure)
    return JSONResponse({"detail": exc.text(lang_of(request))}, 503)


@router.post("/login", response_model=LoginOut, responses={401: {}, 403: {}, 429: {}})
def login(body: LoginIn, request: Request, response: Response) -> dict[str, str]:
    """Log in: sets the session cookie, returns the CSRF token for unsafe requests."""
    check_origin(request)
    got = svc.login(desk_of(request), body.name, body.password, client_ip(request))
    set_login_cookie(request, response, got.token)
    return {"csrf_token": got.csrf_token}


@router.post("/logout", status_code=204, responses=ERRORS)
def logout(request: Request, actor: Who) -> Response:
    """End the login on the server and clear the cookie."""
    token = token_of(request)
    assert token is not None
    svc.logout(desk_of(request), token, actor)
    response = Response(status_code=204)
    clear_login_cookie(request, response)
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@router.get("/me", responses=ERRORS)
def me(actor: Who) -> dict[str, Any]:
    """Who is logged in."""
    return {"name": actor.name, "role": actor.role, "team": actor.team, "lang": actor.lang}


@router.post("/sessions", status_code=201, response_model=Created, responses=ERRORS)
def start(body: NewSession, request: Request, actor: Who) -> dict[str, Any]:
    """Start a call: its first question and the causes ranked now."""
    return svc.start_session(
        desk_of(request), actor, body.ticket, body.terminal, body.log_text, body.facts, body.lang
    )


@router.get("/sessions", responses=ERRORS)
def search(
    request: Request, actor: Who, q: Annotated[str, Query(max_length=200)] = ""
) -> list[dict[str, Any]]:
    """Sessions you may see, by ticket, terminal or id."""
    return svc.search(desk_of(request), actor, q)


@router.get("/board", responses=ERRORS)
def board(request: Request, actor: Who) -> dict[str, Any]:
    """A lead's board: open calls, stuck calls, shared top causes."""
    return svc.board(desk_of(request), actor)


@router.get("/sessions/{sid}", response_model=SessionOut, responses=ERRORS)
def view(sid: str, request: Request, actor: Who) -> dict[str, Any]:
    """The whole session: phase, question, causes, events, who is viewing."""
    return svc.view_session(desk_of(request), actor, sid)


@router.post("/sessions/{sid}/answers", response_model=Turn, responses=ERRORS)
def answer(
    sid: str, body: AnswerIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Answer the question (value may be "unknown"); 409 when expected_seq is stale."""
    return svc.answer(desk_of(request), actor, sid, body.fact, body.value, body.expected_seq, key)


@router.post("/sessions/{sid}/skip", response_model=Turn, responses=ERRORS)
def skip(
    sid: str, body: SkipIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Do not ask this question."""
    return svc.skip(desk_of(request), actor, sid, body.fact, body.expected_seq, key)


@router.post("/sessions/{sid}/undo", response_model=Turn, responses=ERRORS)
def undo(
    sid: str, body: SeqIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Take back the last step."""
    return svc.undo(desk_of(request), actor, sid, body.expected_seq, key)


@router.post("/sessions/{sid}/change", response_model=ChangeOut, responses=ERRORS)
def change(
    sid: str, body: AnswerIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Revise an earlier answer: the conclusions withdrawn and added."""
    return svc.change(desk_of(request), actor, sid, body.fact, body.value, body.expected_seq, key)


@router.post("/sessions/{sid}/start-fixing", response_model=Turn, responses=ERRORS)
def start_fixing(
    sid: str, body: SeqIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Stop asking; propose the best cause's first step."""
    return svc.start_fixing(desk_of(request), actor, sid, body.expected_seq, key)


@router.post("/sessions/{sid}/resume-asking", response_model=Turn, responses=ERRORS)
def resume_asking(
    sid: str, body: SeqIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Back to the questions (second line continues an escalated call)."""
    return svc.resume_asking(desk_of(request), actor, sid, body.expected_seq, key)


@router.post("/sessions/{sid}/fix-result", response_model=Turn, responses=ERRORS)
def fix_result(
    sid: str, body: FixResultIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """The proposed step worked, failed or was skipped (a risky one needs confirmed)."""
    return svc.fix_result(
        desk_of(request), actor, sid, body.result, body.expected_seq, body.confirmed, key
    )


@router.post("/sessions/{sid}/handover", response_model=Turn, responses=ERRORS)
def handover(
    sid: str, body: HandoverIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Hand the call to a person (to_user) or a team queue (to_team), with a note."""
    return svc.handover(
        desk_of(request), actor, sid, body.to_user, body.to_team, body.note, body.expected_seq, key
    )


@router.post("/sessions/{sid}/merchant-lang", response_model=Turn, responses=ERRORS)
def merchant_lang(
    sid: str, body: MerchantLangIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """The merchant's language for this call (zh or en), changeable mid-call."""
    return svc.merchant_lang(desk_of(request), actor, sid, body.lang, body.expected_seq, key)


@router.post("/sessions/{sid}/escalate", response_model=Turn, responses=ERRORS)
def escalate(
    sid: str, body: EscalateIn, request: Request, actor: Who, key: IdemKey = None
) -> dict[str, Any]:
    """Escalate to a second-line team: the session is the escalation."""
    return svc.escalate(desk_of(request), actor, sid, body.team, body.note, body.expected_seq, key)


@router.get("/sessions/{sid}/why", responses=ERRORS)
def why(sid: str, request: Request, actor: Who) -> dict[str, Any]:
    """Why the current question: what it separates, how each answer would move the causes."""
    return svc.why(desk_of(request), actor, sid)


@router.get("/sessions/{sid}/how", responses=ERRORS)
def how(sid: str, request: Request, actor: Who) -> list[dict[str, Any]]:
    """How the best causes were reached."""
    return svc.how(desk_of(request), actor, sid)


@router.get("/sessions/{sid}/report", responses=ERRORS)
def report(
    sid: str, request: Request, actor: Who, format: Literal["markdown", "html", "json"] = "markdown"
) -> Response:
    """The escalation report (markdown, html or json)."""
    text, media = svc.report(desk_of(request), actor, sid, format)
    return Response(text, media_type=media)


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> dict[str, str]:
    """Up, and the database answers."""
    desk_of(request).store.find(limit=1)
    return {"status": "ok", "db": desk_of(request).store.engine.dialect.name}
