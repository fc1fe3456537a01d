"""Helpers shared by the JSON API views."""
import json

from flask import request
from flask_babel import gettext as _

from safety.common.errors import DomainError


def json_body() -> dict:
    """The request's JSON object, or a precise 4xx.

    Only ``application/json`` is accepted: a cross-site HTML form can send
    urlencoded, multipart or text/plain without a preflight, never JSON.
    """
    if request.mimetype != "application/json":
        raise DomainError("unsupported_media_type",
                          _("Send the request body as application/json."), status=415)
    raw = request.get_data(cache=True)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DomainError("malformed_json", _("The request body is not valid UTF-8.")) from None
    except json.JSONDecodeError as exc:
        raise DomainError("malformed_json",
                          _("The request body is not valid JSON (line %(line)s, column %(col)s).",
                            line=exc.lineno, col=exc.colno)) from None
    if not isinstance(data, dict):
        raise DomainError("malformed_json", _("The request body must be a JSON object."))
    return data
