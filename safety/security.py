"""Response headers that every page and API answer carries."""
from flask import Flask

# No inline scripts or styles anywhere: the field app, the service worker and the
# vendored libraries are all files of our own origin. 'wasm-unsafe-eval' lets the
# vendored QR decoder compile its WebAssembly; blob: and data: are photos and QR images.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_security_headers(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        # The scanner needs the camera and the inspection its location; nothing else.
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(self), microphone=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def init_input_checks(app: Flask) -> None:
    """Refuse a NUL character in a page's address or form before any view sees it.

    No one types one, and PostgreSQL cannot compare or store text holding it: a search box or an address
    carrying ``%00`` would otherwise end in a server error there, while SQLite answered. The JSON API
    checks its bodies itself (``safety.common.api.json_body``).
    """
    from flask import request
    from flask_babel import gettext as _

    from safety.common.errors import DomainError

    @app.before_request
    def refuse_nul_characters():
        if request.path.startswith("/api/"):
            return
        values = [*request.args.items(multi=True), *(request.view_args or {}).items()]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += request.form.items(multi=True)
        for name, value in values:
            if isinstance(value, str) and ("\x00" in value or "\x00" in name):
                raise DomainError("nul_character", _("%(field)s contains a NUL character.", field=name))
