"""When the session cookie is written: when the session changes, and once a day to push a signed-in session's
expiry forward.

Flask writes a permanent session's cookie on every answer, each with the session *as its request carried it*, so
a request that set out before a change and was answered after it wrote the session of before back. The service
worker precaching the field app in the background, or a picture of the review page, answered just after the
reviewer pressed "Return", dropped the decision's messages from the next page (earlier, a fresh CSRF token the
same way). Written only when it changes, the cookie keeps what its last change put there. The daily renewal keeps
an inspector who works every day signed in, as the sliding expiry did; a race is left only on that one write.
"""
from flask import Flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin

from safety.common.types import utcnow

RENEWED_ON = "renewed_on"


class DailyRenewedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, written when changed and renewed on a signed-in user's first request of
    the day (UTC)."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not session.permanent or session.get(RENEWED_ON) == _today():
            return False
        # Asked after the session's "Vary: Cookie" is decided and before it is serialised: the renewal goes
        # into this very cookie.
        mark_renewed(session)
        return True


def mark_renewed(session: SessionMixin) -> None:
    session[RENEWED_ON] = _today()


def _today() -> str:
    return utcnow().date().isoformat()
