"""The call screen's routes: start a call, show it (page and live fragment), its writes
(answer, change, undo, go to fixes, ask more, fix result, escalate, hand over) and why/how.

With htmx a write answers with the call screen's fragment (409 with a readable conflict, 422
with the refusal); without script it redirects to the call (POST-redirect-GET).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..messages import say
from . import callpage, callview
from . import service as svc
from .auth import desk_of
from .errors import ServiceError, Stale
from .pagekit import done, guard, is_htmx, page_actor, path_of, posted, render, twin

router = APIRouter(include_in_schema=False)


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
        return done(request, path_of(request, "call", sid=made["id"]))

    return await guard(request, work)


@router.get("/calls/{sid}", name="desk_call")
async def call(request: Request, sid: str) -> Response:
    """The call screen."""
    return await guard(request, lambda: _show(request, sid, "call.html.j2"))


@router.get("/calls/{sid}/fragment", name="desk_call_fragment")
async def call_fragment(request: Request, sid: str) -> Response:
    """The call screen's live part (after an event of its stream, or a risky step confirmed)."""
    return await guard(request, lambda: _show(request, sid, "_call.html.j2"))


async def _show(request: Request, sid: str, template: str, **extra: Any) -> Response:
    actor = page_actor(request)
    confirm = request.query_params.get("confirm", "")
    c = await run_in_threadpool(callpage.view, desk_of(request), actor, sid, None, confirm, **extra)
    return _screen(request, template, c)


def _screen(request: Request, template: str, c: dict[str, Any], status: int = 200) -> Response:
    c["events_url"] = str(request.app.url_path_for("stream", sid=c["id"]))
    return render(request, template, status, c=c, headers=twin(f"/api/sessions/{quote(c['id'])}"))


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
    "merchant_lang": lambda d, a, sid, f, seq: svc.merchant_lang(d, a, sid, f.get("lang", ""), seq),
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
    elif op == "merchant_lang":
        name = callview.lang_name(form.get("lang", ""), actor.lang)
        extra["notice"] = say("desk.merchant_lang_set", actor.lang, name=name)
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
                return done(request, path_of(request, "call", sid=sid))
            return _screen(request, "_call.html.j2", c)

        return await guard(request, work)

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
    ("merchant_lang", "merchant-lang"),
):
    router.add_api_route(f"/calls/{{sid}}/{_url}", _post(_op), methods=["POST"], name=f"desk_{_op}")


@router.get("/calls/{sid}/why", name="desk_why")
async def why(request: Request, sid: str) -> Response:
    """Why this question (into the explanation panel)."""
    return await guard(request, lambda: _explain(request, sid, "why"))


@router.get("/calls/{sid}/how", name="desk_how")
async def how(request: Request, sid: str) -> Response:
    """How the ranking was reached (into the explanation panel)."""
    return await guard(request, lambda: _explain(request, sid, "how"))


async def _explain(request: Request, sid: str, what: str) -> Response:
    actor = page_actor(request)
    desk, kb = desk_of(request), desk_of(request).doctor.kb
    link = twin(f"/api/sessions/{quote(sid)}/{what}")
    if what == "why":
        w = await run_in_threadpool(svc.why, desk, actor, sid)
        return render(request, "_why.html.j2", w=callview.why_view(kb, w, actor.lang), headers=link)
    h = await run_in_threadpool(svc.how, desk, actor, sid)
    return render(
        request, "_how.html.j2", causes=callview.how_view(kb, h, actor.lang), headers=link
    )
