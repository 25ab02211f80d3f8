"""Live updates: GET /api/sessions/{id}/stream, server-sent events of a session's new events
(``id:`` = the global event id, so a reconnect with Last-Event-ID resumes where it stopped)
and of who is viewing. Polls the store every POLL seconds, so it works on SQLite and
PostgreSQL alike and across workers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from . import service as svc
from .auth import current_actor, desk_of

POLL = 0.25  # seconds between looks at the store
PING = 15.0  # a comment line this often keeps proxies from closing the stream
PRESENCE = 5.0  # the viewer's presence is recorded this often (viewers() looks 15 s back)
router = APIRouter(prefix="/api")


def frame(kind: str, data: object, event_id: int | None = None) -> str:
    """One SSE frame."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get(
    "/sessions/{sid}/stream",
    responses={200: {"content": {"text/event-stream": {}}}, 401: {}, 404: {}},
    response_class=StreamingResponse,
)
async def stream(
    sid: str,
    request: Request,
    actor: Annotated[svc.Actor, Depends(current_actor)],
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)] = None,
    once: bool = False,
) -> StreamingResponse:
    """The session's events as they happen (event: session) and presence (event: presence)."""
    desk = desk_of(request)
    after = int(last_event_id) if last_event_id and last_event_id.isdigit() else 0
    first = await run_in_threadpool(svc.stream, desk, actor, sid, after)  # 404 before streaming
    return StreamingResponse(
        _frames(request, desk, actor, sid, first, once),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},
    )


async def _frames(
    request: Request,
    desk: svc.Desk,
    actor: svc.Actor,
    sid: str,
    first: tuple[list[dict], list[str]],
    once: bool,
) -> AsyncIterator[str]:
    events, viewers = first
    after, seen, quiet, since_touch = 0, None, 0.0, 0.0
    while True:
        for e in events:
            yield frame("session", e, e["id"])
            after = max(after, e["id"])
        if viewers != seen:
            yield frame("presence", {"viewers": viewers})
            seen = viewers
        if once or await request.is_disconnected():
            return
        await asyncio.sleep(POLL)
        quiet += POLL
        since_touch += POLL
        touch = since_touch >= PRESENCE
        since_touch = 0.0 if touch else since_touch
        if quiet >= PING:
            yield ": ping\n\n"
            quiet = 0.0
        try:
            events, viewers = await run_in_threadpool(svc.stream, desk, actor, sid, after, touch)
        except svc.ServiceError:  # handed away from the viewer, or deleted
            yield frame("gone", {"id": sid})
            return
