"""HTTP hardening shared by every response: security headers, a strict Content-Security-Policy and
CSRF tokens.

CSRF: a synchroniser token per server-side session (``web_sessions.csrf_token``), sent back in a form
field or the ``X-CSRF-Token`` header (htmx); a page from another origin cannot read it. Before sign-in the
login form uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline scripts, no eval, nothing from another origin: all JavaScript lives in /static.
# Leaflet positions its panes by setting element.style from JS (CSSOM), which style-src does not govern.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
}


class SecurityHeadersMiddleware:
    """Adds the headers above to every HTTP response (pure ASGI, so streaming responses work too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                if https:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                if b"cache-control" not in present:
                    # Pages show data that may endanger people: never cached. Our own scripts, styles and
                    # boundaries are not sensitive: the browser may keep them for a day.
                    headers.append((b"cache-control", b"private, max-age=86400" if static else b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_valid_token(expected: str | None, token: str | None) -> bool:
    if not expected or not token:
        return False
    return hmac.compare_digest(expected.encode(), token.encode())


def new_token() -> str:
    return secrets.token_urlsafe(32)
