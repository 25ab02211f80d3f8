"""Security headers on every response, and a generic error page instead of a traceback."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

LOG = logging.getLogger("posdoctor.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders(BaseHTTPMiddleware):
    """Adds the headers above (HSTS over HTTPS; no-store on everything but static files)."""

    async def dispatch(self, request: Request, call_next: Any) -> Response:
        request.state.request_id = secrets.token_hex(8)
        try:
            response = await call_next(request)
        except Exception:  # a bug: log it with the request id, show nothing of it
            LOG.exception("request %s failed", request.state.request_id)
            response = JSONResponse(
                {"detail": "internal error", "request_id": request.state.request_id}, 500
            )
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.scheme == "https":
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        response.headers["X-Request-Id"] = request.state.request_id
        return response
