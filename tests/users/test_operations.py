"""The user operations' rules that pages cannot reach on their own (other callers: CLI, later features)."""
import pytest

from safety.common.errors import Conflict, DomainError
from safety.users.operations import assign_scope, create_user, deactivate_user, update_user
from tests.factories import make_grid, make_user


def test_last_active_admin_cannot_be_demoted(app):
    admin = make_user("admin", username="only_admin", display_name="王主任")
    actor = make_user("supervisor")
    with pytest.raises(Conflict) as caught:
        update_user(admin, actor, "王主任", None, "supervisor")
    assert caught.value.code == "last_admin"


def test_last_active_admin_cannot_be_deactivated(app):
    admin = make_user("admin", username="only_admin")
    make_user("admin", username="retired", active=False)
    with pytest.raises(Conflict) as caught:
        deactivate_user(admin, make_user("supervisor"))
    assert caught.value.code == "last_admin"
    assert admin.active is True


def test_deactivating_bumps_the_session_version(app):
    user = make_user("inspector", grids=[make_grid()])
    before = user.session_version
    deactivate_user(user, make_user("admin"))
    assert user.active is False and user.session_version == before + 1


def test_administrators_get_no_grids(app):
    make_grid(code="G1")
    user = create_user("boss", "admin", "Admin-password-1", grid_codes=["G1"])
    assert user.grids == []


def test_unknown_grid_is_named_in_the_error(app):
    user = make_user("inspector", grids=[make_grid()])
    with pytest.raises(DomainError) as caught:
        assign_scope(user, ["NOWHERE"], None)
    assert caught.value.field == "grid" and "NOWHERE" in caught.value.message
