"""Access rules stacked on views.

Every view declares who may reach it with one of these decorators; the
authorization test walks the URL map and fails on a view without a rule.
Hiding a button is not access control: the rule is checked here, on the server.
"""
from functools import wraps

from flask_babel import gettext as _
from flask_login import current_user

from safety.common.errors import Forbidden
from safety.extensions import login_manager
from safety.users.models import Role

PUBLIC = "public"
SIGNED_IN = "signed_in"
OFFICE = (Role.SUPERVISOR, Role.ADMIN)  # the back office's reviewers and managers

# Endpoints that Flask itself adds; they serve public files only.
BUILTIN_PUBLIC_ENDPOINTS = {"static"}


def public(view):
    """Anyone, signed in or not."""
    view.access = PUBLIC
    return view


def signed_in(view):
    """Any signed-in user, whatever the role."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)
    wrapper.access = SIGNED_IN
    return wrapper


def roles_required(*roles: Role):
    """Signed-in users with one of ``roles``; others get 403 (401 if not signed in)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if Role(current_user.role) not in allowed:
                raise Forbidden("forbidden", _("Your role may not open this page."))
            return view(*args, **kwargs)
        wrapper.access = allowed
        return wrapper
    return decorator


def access_rule(view) -> object:
    """The declared rule of a view function, or None when it has none."""
    return getattr(view, "access", None)
