"""Signing in and out, and passwords: the state changes behind the auth views."""
import secrets
from functools import lru_cache

from flask import current_app, g, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from safety.auth.session_cookie import mark_renewed
from safety.common.errors import DomainError
from safety.common.types import utcnow
from safety.extensions import db
from safety.users.models import User

MIN_PASSWORD_LENGTH = 10


@lru_cache(maxsize=1)
def _unknown_user_hash() -> str:
    """A password hash made the way real ones are, to check against when no account has the username."""
    return generate_password_hash(secrets.token_hex(16))


def normalise_username(username: str | None) -> str:
    """A username as accounts are looked up (and sign-in failures counted): trimmed, case-insensitive."""
    return (username or "").strip().lower()


def authenticate(username: str, password: str) -> User:
    """The active user with these credentials, or a DomainError that does not say which part was wrong."""
    username = normalise_username(username)
    # No username holds a NUL character, and PostgreSQL refuses to compare text with one (a 500, not a 401).
    user = None if "\x00" in username else db.session.scalar(select(User).where(func.lower(User.username) == username))
    if user is None:
        # Hash the password all the same, so the time of the answer does not tell which usernames exist.
        check_password_hash(_unknown_user_hash(), password or "")
    if user is None or not user.check_password(password or ""):
        raise DomainError("invalid_credentials", _("Wrong username or password."), status=401)
    if not user.active:
        raise DomainError("account_disabled", _("This account has been deactivated. Ask your administrator."),
                          status=403)
    return user


def sign_in(user: User, remember: bool = True) -> None:
    """Start a fresh session for ``user``.

    The old session's contents are dropped first, so nothing planted before
    sign-in (session fixation) survives it; the CSRF token is new too.
    """
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session.permanent = True
    mark_renewed(session)
    login_user(user, remember=remember)
    # The new CSRF token goes into this response's cookie. Made later, by the first page with a form, it
    # could be lost: the service worker's precache requests, in flight with the signed-in cookie that has
    # no token yet, answer after that page and set the cookie back without it (a 400 on the next form).
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)  # the token of the cleared session, cached
    generate_csrf()
    user.last_login_at = utcnow()


def sign_out(user: User) -> None:
    """End this session and every other session of ``user`` (other phones, other browsers)."""
    user.session_version += 1
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def check_password_policy(password: str, username: str = "") -> None:
    """Refuse passwords that are short, all one class of character, or the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("weak_password",
                          _("The password needs at least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
                          field="password")
    if username and password.lower() == username.lower():
        raise DomainError("weak_password", _("The password must not be the username."), field="password")
    if password.isdigit() or password.isalpha():
        raise DomainError("weak_password", _("The password needs both letters and digits or symbols."),
                          field="password")


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password and end the user's other sessions; this one stays signed in."""
    if not user.check_password(current):
        raise DomainError("wrong_password", _("The current password is wrong."), field="current_password")
    check_password_policy(new, user.username)
    user.set_password(new)
    user.session_version += 1
    login_user(user, remember=True)  # re-issue this session's id with the new version
