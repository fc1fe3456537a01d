"""Errors as the contract shapes them.

Domain functions raise :class:`DomainError` (or a subclass) with a machine code,
a translated message and the offending field. API views let them propagate and
the handler here turns them into ``{"error": {"code", "message", "field"}}``;
HTML views catch them and show the message next to the form.
"""
from flask import Flask, jsonify, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A request the domain refuses; ``status`` is the HTTP status it maps to."""

    status = 400

    def __init__(self, code: str, message: str, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


def error_response(status: int, code: str, message: str, field: str | None = None):
    """The contract's JSON error body with its status."""
    body = {"error": {"code": code, "message": message, "field": field}}
    return jsonify(body), status


def wants_json() -> bool:
    """API paths always answer JSON, whatever the Accept header says."""
    return request.path.startswith("/api/")


# Machine codes for the standard HTTP errors, so a phone can branch on them.
_HTTP_CODES = {
    400: "bad_request", 401: "not_signed_in", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 429: "rate_limited",
}


def _http_message(status: int) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        409: _("This conflicts with what is already stored."),
        413: _("The upload is too large."),
        415: _("This content type is not supported."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    return messages.get(status, _("Something went wrong on the server."))


def register_error_handlers(app: Flask) -> None:
    """JSON errors under /api/, friendly pages elsewhere."""
    from flask import render_template

    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        if wants_json():
            return error_response(exc.status, exc.code, exc.message, exc.field)
        return render_template("errors/error.html", status=exc.status, message=exc.message), exc.status

    @app.errorhandler(CSRFError)
    def handle_csrf_error(exc: CSRFError):
        message = _("The security token is missing or has expired. Reload the page and try again.")
        if wants_json():
            return error_response(400, "csrf_failed", message)
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        if wants_json():
            return error_response(status, _HTTP_CODES.get(status, "error"), _http_message(status))
        return render_template("errors/error.html", status=status, message=_http_message(status)), status

    @app.errorhandler(RateLimitExceeded)
    def handle_rate_limited(exc: RateLimitExceeded):
        # Flask-Limiter adds Retry-After to this answer. The sync endpoints' callers are phones that retry
        # by themselves. (Sign-in has limits of its own: safety/auth/throttle.py.)
        if wants_json():
            return error_response(429, "rate_limited", _("Too many requests in a short time. "
                                                          "Sending resumes by itself in a moment."))
        return handle_http_error(exc)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        message = _("Something went wrong on the server. Nothing was changed; please try again.")
        if wants_json():
            return error_response(500, "server_error", message)
        return render_template("errors/error.html", status=500, message=message), 500
