"""Who is calling: the login cookie, the CSRF token and the Origin check. Importable by the
HTML pages: ``Depends(current_actor)``, ``Depends(csrf_checked)``.

The cookie holds an opaque 256-bit token (the server keeps only its SHA-256); it is HttpOnly,
SameSite=Strict, and Secure with the ``__Host-`` prefix whenever the request came over HTTPS.
Unsafe methods need the login's CSRF token in ``X-CSRF-Token`` (or a form field
``csrf_token``) and must not come from another origin (Origin / Sec-Fetch-Site).
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, HTTPException, Request
from starlette.responses import Response

from ..messages import say
from .service import Actor, Desk, actor_for

COOKIE = "posdoctor_session"
SECURE_COOKIE = "__Host-posdoctor_session"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def desk_of(request: Request) -> Desk:
    """The app's Desk (store + doctor)."""
    return request.app.state.desk


def cookie_name(request: Request) -> str:
    """``__Host-`` prefixed (and Secure) over HTTPS; plain over HTTP (a local desk)."""
    return SECURE_COOKIE if request.url.scheme == "https" else COOKIE


def token_of(request: Request) -> str | None:
    """The login token the request carries, if any."""
    return request.cookies.get(cookie_name(request))


def set_login_cookie(request: Request, response: Response, token: str) -> None:
    """Send the login cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, whole site."""
    response.set_cookie(
        cookie_name(request),
        token,
        httponly=True,
        samesite="strict",
        path="/",
        secure=request.url.scheme == "https",
    )


def clear_login_cookie(request: Request, response: Response) -> None:
    """Remove the login cookie (logout)."""
    response.delete_cookie(
        cookie_name(request),
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _deny(status: int, key: str, request: Request) -> HTTPException:
    lang = request.headers.get("accept-language", "en")[:2]
    return HTTPException(status, say(key, "zh" if lang == "zh" else "en"))


def login_of(request: Request) -> tuple[Actor, str] | None:
    """(actor, CSRF token) of the request's live login, or None."""
    token = token_of(request)
    if not token:
        return None
    return actor_for(desk_of(request), token)


def current_actor(request: Request) -> Actor:
    """The logged-in actor, else 401; unsafe methods are CSRF-checked here too."""
    got = login_of(request)
    if got is None:
        raise _deny(401, "web.login_needed", request)
    actor, csrf = got
    if request.method in UNSAFE:
        check_origin(request)
        sent = request.headers.get("x-csrf-token", "")
        if not sent or not hmac.compare_digest(sent.encode(), csrf.encode()):
            raise _deny(403, "web.csrf", request)
    request.state.actor = actor
    return actor


def csrf_checked(request: Request, actor: Actor = Depends(current_actor)) -> Actor:  # noqa: B008
    """The same as current_actor (which checks CSRF on unsafe methods); a readable name for
    the pages' form posts."""
    return actor


def check_origin(request: Request) -> None:
    """403 when an unsafe request comes from another site (Origin or Sec-Fetch-Site).

    ``Origin: null`` is what a browser sends for our own form posts under Referrer-Policy
    no-referrer (and also for sandboxed frames, data: URLs and redirects across sites), so it
    passes only when the browser also says ``Sec-Fetch-Site: same-origin``."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site == "cross-site":
        raise _deny(403, "web.foreign_origin", request)
    origin = request.headers.get("origin")
    if origin is None:
        return
    if origin == "null":
        if fetch_site != "same-origin":
            raise _deny(403, "web.foreign_origin", request)
        return
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin != own:
        raise _deny(403, "web.foreign_origin", request)


def client_ip(request: Request) -> str:
    """The caller's address (no proxy header is trusted)."""
    return request.client.host if request.client else "?"


def page_login(request: Request) -> Any:
    """For pages: the actor or None (a page may redirect to the login form instead of 401)."""
    got = login_of(request)
    return got[0] if got else None
