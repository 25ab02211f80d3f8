"""Who calls the service layer (Actor), what a login gives (LoginResult), and the Desk."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..reasoning.diagnosis import Doctor
from ..store import Store
from .cache import Presence, Turns
from .limits import WriteLimit
from .live import Hub


@dataclass(frozen=True)
class Actor:
    """Who is asking: a user's name, role, team and interface language."""

    name: str
    role: str
    team: str | None
    lang: str


@dataclass(frozen=True)
class LoginResult:
    actor: Actor
    token: str  # goes into the HttpOnly cookie only
    csrf_token: str


@dataclass
class Desk:
    """What every call needs: the store and the doctor (the knowledge base in use)."""

    store: Store
    doctor: Doctor
    # one engine turn at a time per process: the GIL runs one anyway, and a queue keeps the
    # tail shorter than threads taking turns (processes are the unit of parallelism)
    engine_turn: Any = field(default_factory=threading.Lock)
    turns: Turns = field(default_factory=Turns)  # turns already computed, by (id, seq, lang)
    presence: Presence = field(default_factory=Presence)  # presence written at most every 5 s
    writes: WriteLimit = field(default_factory=WriteLimit)  # per-user writes per minute
    hub: Hub = field(init=False)  # wakes the live streams (LISTEN/NOTIFY or a seq check)

    def __post_init__(self) -> None:
        self.hub = Hub(self.store)
