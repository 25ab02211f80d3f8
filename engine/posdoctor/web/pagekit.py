"""What every HTML page needs: the Jinja environment (autoescaped, strict), rendering a page or
a fragment, the signed-in actor of a page (or a redirect to the login form), and form posts
checked for the login's CSRF token and the Origin.

Forms post ``application/x-www-form-urlencoded`` (htmx and plain browsers alike) and are parsed
here, so pages need no multipart parser. The CSRF token comes in ``X-CSRF-Token`` (htmx sends
it from ``<body hx-headers>``) or, without script, in the form's ``csrf_token`` field.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .._version import __version__
from ..messages import LANGUAGES, say
from . import callview
from .auth import check_origin, login_of
from .errors import ServiceError
from .service import Actor

MAX_FORM = 2_000_000  # bytes of a form post (a pasted log is the biggest field)


class LoginNeeded(Exception):
    """The page needs a login: the route answers with the login form (or HX-Redirect)."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The pages' Jinja environment: every template autoescaped, undefined names an error."""
    env = Environment(
        loader=PackageLoader("posdoctor.web", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda p: f"{float(p) * 100:.0f}%"
    env.filters["num"] = lambda x: f"{float(x):g}"
    env.filters["bits"] = lambda x: f"{float(x):.2f}"
    env.globals.update(
        say=say,
        role_name=callview.role_name,
        lang_name=callview.lang_name,
        result_name=callview.result_name,
        languages=LANGUAGES,
    )
    return env


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (answer with a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"


def render(
    request: Request,
    template: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A template rendered for this request (url() and static() bound to the app)."""
    app = request.app

    def url(name: str, **params: Any) -> str:
        return str(app.url_path_for(f"desk_{name}", **params))

    def static(path: str) -> str:
        return f"/static/{path}?v={quote(__version__)}"

    context.setdefault("csrf", getattr(request.state, "csrf", None))
    context.setdefault("user", getattr(request.state, "actor", None))
    context.setdefault("lang", _lang(request, context["user"]))
    html = environment().get_template(template).render(url=url, static=static, **context)
    return HTMLResponse(html, status, headers=headers)


def _lang(request: Request, user: Actor | None) -> str:
    """The reader's language: the account's, else the browser's first choice of ours."""
    if user is not None and user.lang in LANGUAGES:
        return user.lang
    wanted = request.headers.get("accept-language", "").lower()
    return "zh" if wanted.startswith("zh") else "en"


def page_actor(request: Request) -> Actor:
    """The signed-in actor of a page request, else LoginNeeded."""
    got = login_of(request)
    if got is None:
        raise LoginNeeded()
    request.state.actor, request.state.csrf = got
    return got[0]


async def posted(request: Request) -> tuple[Actor, dict[str, str]]:
    """The actor and the fields of a form post, after the Origin and CSRF checks (403)."""
    actor = page_actor(request)
    check_origin(request)
    form = await read_form(request)
    sent = request.headers.get("x-csrf-token") or form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent.encode(), str(request.state.csrf).encode()):
        raise HTTPException(403, say("web.csrf", actor.lang))
    return actor, form


async def read_form(request: Request) -> dict[str, str]:
    """The fields of a url-encoded form post (the last value of a repeated name)."""
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413)
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in fields.items()}


def to_login(request: Request) -> Response:
    """Where a request without a login goes: the login form (htmx: a full-page redirect)."""
    target = str(request.app.url_path_for("desk_login"))
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, 303)


def done(request: Request, target: str) -> Response:
    """After a plain form post: see the result at ``target`` (POST-redirect-GET)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, 303)


def path_of(request: Request, name: str, **params: Any) -> str:
    return str(request.app.url_path_for(f"desk_{name}", **params))


async def guard(request: Request, work: Callable[[], Awaitable[Response]]) -> Response:
    """Run a page: no login -> the login form; a refusal -> an error page with its status."""
    try:
        return await work()
    except LoginNeeded:
        return to_login(request)
    except ServiceError as exc:
        actor = getattr(request.state, "actor", None)
        lang = actor.lang if actor else "en"
        return render(request, "error.html.j2", exc.status, message=exc.text(lang))


def twin(path: str) -> dict[str, str]:
    """The Link header naming a page's JSON twin."""
    return {"Link": f'<{path}>; rel="alternate"; type="application/json"'}
