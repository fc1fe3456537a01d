"""Who is acting: the one way views and operations name the signed-in user."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask import has_request_context
from flask_login import current_user

if TYPE_CHECKING:
    from safety.users.models import User


def acting_user() -> User | None:
    """The signed-in user of the current request, or None on the command line or before sign-in.

    The user itself, not Flask-Login's proxy: an operation may keep it (as an author, in the audit log)
    beyond the request, and SQLAlchemy must see the model, not a stand-in for it.
    """
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None
