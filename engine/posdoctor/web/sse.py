"""Live updates over server-sent events, woken by the worker's watcher (live.py: PostgreSQL
LISTEN/NOTIFY, or on SQLite one cheap look at the newest event id), not by a poll per viewer.

- GET /api/sessions/{id}/stream: ``event: session`` for each new event (``id:`` = the global
  event id, so a reconnect with Last-Event-ID resumes where it stopped) and ``event:
  presence`` with who is viewing (re-read, and the viewer's presence written, every PRESENCE
  seconds); ``event: gone`` when the session is no longer the viewer's to see.
- GET /api/board/stream (leads, admins): ``event: board`` when any call changed (bursts
  coalesced to one a second) and at least every BOARD_EVERY seconds (calls become stuck by
  the clock, not by an event).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from . import service as svc
from .auth import current_actor, desk_of
from .live import ANY, Subscription

PING = 15.0  # a comment line this often keeps proxies from closing the stream
PRESENCE = 5.0  # who is viewing is re-read this often (viewers() looks 15 s back)
BOARD_EVERY = 30.0  # the board is refreshed at least this often
BOARD_CALM = 1.0  # after a change, wait this long for more before telling the board
HEADERS = {"X-Accel-Buffering": "no"}
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
    sub = desk.hub.subscribe(sid)  # before the first read: no write falls in between
    try:
        first = await run_in_threadpool(svc.stream, desk, actor, sid, after)  # 404 first
    except BaseException:
        sub.close()
        raise
    frames = _frames(request, desk, actor, sub, first, after, once)
    return StreamingResponse(frames, media_type="text/event-stream", headers=HEADERS)


async def _frames(
    request: Request,
    desk: svc.Desk,
    actor: svc.Actor,
    sub: Subscription,
    first: tuple[list[dict], list[str]],
    after: int,
    once: bool,
) -> AsyncIterator[str]:
    events, viewers = first
    seen: list[str] | None = None
    looked = spoke = time.monotonic()
    try:
        while True:
            for e in events:
                yield frame("session", e, e["id"])
                after = max(after, e["id"])
                spoke = time.monotonic()
            if viewers != seen:
                yield frame("presence", {"viewers": viewers})
                seen, spoke = viewers, time.monotonic()
            if once:
                return
            changed = await sub.wait(max(0.0, PRESENCE - (time.monotonic() - looked)))
            if await request.is_disconnected():
                return
            if time.monotonic() - spoke >= PING:
                yield ": ping\n\n"
                spoke = time.monotonic()
            due = time.monotonic() - looked >= PRESENCE
            if not changed and not due:
                events = []
                continue
            looked = time.monotonic() if due else looked
            try:
                events, got = await run_in_threadpool(svc.stream, desk, actor, sub.sid, after, due)
            except svc.ServiceError:  # handed away from the viewer, or deleted
                yield frame("gone", {"id": sub.sid})
                return
            viewers = got if due or changed else viewers
    finally:
        sub.close()


@router.get(
    "/board/stream",
    responses={200: {"content": {"text/event-stream": {}}}, 401: {}, 403: {}},
    response_class=StreamingResponse,
)
async def board_stream(
    request: Request, actor: Annotated[svc.Actor, Depends(current_actor)], once: bool = False
) -> StreamingResponse:
    """Tells a lead's board to refresh: when a call changed, and every BOARD_EVERY seconds."""
    svc.may_see_board(actor)
    sub = desk_of(request).hub.subscribe(ANY)
    return StreamingResponse(
        _board_frames(request, sub, once), media_type="text/event-stream", headers=HEADERS
    )


async def _board_frames(request: Request, sub: Subscription, once: bool) -> AsyncIterator[str]:
    try:
        yield ": board\n\n"  # the headers and a first line go out at once
        while not once:
            changed = await sub.wait(BOARD_EVERY)
            if await request.is_disconnected():
                return
            if changed:  # a burst of answers is one refresh
                await asyncio.sleep(BOARD_CALM)
                sub.flag.clear()
            yield frame("board", {"changed": changed})
        yield frame("board", {"changed": False})
    finally:
        sub.close()
