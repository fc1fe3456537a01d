"""The policy every request goes through: whose session it is, what answers when nobody is
signed in, and which language the pages speak.

``create_app`` calls :func:`init_auth` before it binds the extensions (see there why) and
hands :func:`select_locale` to Flask-Babel as it binds it.
"""
from flask import Flask, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from safety.auth.access import PUBLIC, access_rule
from safety.auth.session_cookie import DailyRenewedSessionInterface
from safety.common.errors import error_response
from safety.extensions import db, login_manager
from safety.users.models import User


def init_auth(app: Flask) -> None:
    """Set the sign-in policy on ``app`` and on Flask-Login, and give the pages their language switch."""
    # Before CSRFProtect's own check, which binding it registers: a phone whose session expired
    # while offline must hear "sign in again" (401), not "security token missing" (400).
    app.before_request(require_sign_in_for_api_writes)
    app.session_interface = DailyRenewedSessionInterface()
    # Off: "strong" signs a phone out whenever it moves between Wi-Fi and mobile data
    # (its IP changes), and "basic" rewrites the session cookie of any request whose
    # IP or browser string differs, which races a sign-in answered at the same moment
    # (the service worker precaching in the background) and undoes it. Sessions are
    # ended instead by the per-user session version (sign-out, password change).
    login_manager.session_protection = None
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.context_processor(inject_locale)


def load_user(user_id: str) -> User | None:
    """The user of a session ("<id>:<session version>"), or None when that session has been ended."""
    try:
        id_part, version_part = user_id.split(":", 1)
        # The unit, department and grids with the user: every scope asks for them, so they come in the same
        # statement (an inspection sync saves the statement and the ORM work of loading the grids apart).
        user = db.session.get(User, int(id_part), options=[joinedload(User.unit), joinedload(User.department),
                                                            joinedload(User.grids)])
        version = int(version_part)
    except (ValueError, TypeError):
        return None
    # A session issued before sign-out or a password change carries an old version.
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def unauthorized():
    """Nobody signed in where someone must be: 401 JSON for the API, the sign-in page for the back office."""
    if request.path.startswith("/api/"):
        return error_response(401, "not_signed_in", _("Please sign in."))
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def require_sign_in_for_api_writes():
    """An API write without a session is refused as such, whatever else is wrong with it."""
    if not request.path.startswith("/api/") or request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None or access_rule(view) == PUBLIC or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def select_locale() -> str:
    """The language chosen on this device, else the signed-in user's, else the office's default."""
    config = current_app.config
    if not has_request_context():  # CLI commands: domain errors still need a language
        return config["BABEL_DEFAULT_LOCALE"]
    if session.get("locale") in config["LANGUAGES"]:
        return session["locale"]
    if current_user and current_user.is_authenticated and current_user.locale in config["LANGUAGES"]:
        return current_user.locale
    return config["BABEL_DEFAULT_LOCALE"]


def inject_locale() -> dict:
    """The page's language for the templates (``lang`` and the switch at the top right)."""
    locale = get_locale()
    code = "zh_CN" if locale is not None and locale.language == "zh" else "en"
    return {"current_locale": code, "languages": current_app.config["LANGUAGES"]}
