"""Rate limits on the sync API, counted per user.

Counted by user id once signed in, so an office behind one address does not
share one count and a phone moving between Wi-Fi and mobile data keeps its own;
by address before sign-in. Each endpoint counts on its own. A refused request
answers 429 with the contract's JSON error and a Retry-After header, and the
field app treats it as "try again later".
"""
from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from safety.extensions import limiter


def user_or_address() -> str:
    """The key a request is counted under."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{get_remote_address()}"


def api_rate_limit(setting: str):
    """Limit a view to the rate named by the configuration ``setting`` (read per request), per user."""
    return limiter.limit(lambda: current_app.config[setting], key_func=user_or_address)
