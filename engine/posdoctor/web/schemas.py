"""The JSON API's request and reply bodies (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .turns import MAX_LOG_TEXT

Name = Field(min_length=1, max_length=64)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # no mass assignment: unknown keys are refused


class LoginIn(Strict):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class LoginOut(BaseModel):
    csrf_token: str


class NewSession(Strict):
    ticket: str | None = Field(default=None, max_length=200)
    terminal: dict[str, str | int | float | bool | None] | None = Field(default=None, max_length=50)
    log_text: str | None = Field(default=None, max_length=MAX_LOG_TEXT)
    facts: dict[str, str | int | float | bool | None] | None = Field(default=None, max_length=500)
    lang: Literal["zh", "en"] | None = None


Value = str | int | float | bool | None


class AnswerIn(Strict):
    fact: str = Field(min_length=1, max_length=200)
    value: Value
    expected_seq: int = Field(ge=0)


class SkipIn(Strict):
    fact: str = Field(min_length=1, max_length=200)
    expected_seq: int = Field(ge=0)


class SeqIn(Strict):
    expected_seq: int | None = Field(default=None, ge=0)


class FixResultIn(Strict):
    result: Literal["worked", "failed", "skipped"]
    expected_seq: int | None = Field(default=None, ge=0)
    confirmed: bool = False


class HandoverIn(Strict):
    to_user: str | None = Field(default=None, min_length=1, max_length=64)
    to_team: str | None = Field(default=None, min_length=1, max_length=64)
    note: str = Field(default="", max_length=10_000)
    expected_seq: int | None = Field(default=None, ge=0)


class MerchantLangIn(Strict):
    lang: Literal["en", "zh"]
    expected_seq: int | None = Field(default=None, ge=0)


class EscalateIn(Strict):
    team: str = Field(min_length=1, max_length=64)
    note: str = Field(default="", max_length=10_000)
    expected_seq: int | None = Field(default=None, ge=0)


class Question(BaseModel):
    fact: str
    text: str
    how: list[str]
    answers: list[dict[str, Any]]
    minutes: float
    type: str
    separates: list[str]
    gain_bits: float


class Cause(BaseModel):
    id: str
    title: str
    category: str
    probability: float


class Turn(BaseModel):
    seq: int
    phase: Literal["asking", "fixing", "resolved", "escalated"]
    question: Question | None
    causes: list[Cause]
    fix: dict[str, Any] | None = None
    escalation_reason: Literal["", "nothing_left", "other_cause", "second_line_cheaper"] = ""


class Created(Turn):
    id: str


class ChangeOut(Turn):
    withdrawn: list[str]
    added: list[str]


class SessionOut(Turn):
    id: str
    owner: str | None
    team: str | None
    ticket: str | None
    terminal: dict[str, Any] | None
    lang: str | None
    events: list[dict[str, Any]]
    viewers: list[str]


class Health(BaseModel):
    status: str
    db: str
