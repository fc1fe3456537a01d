"""The administrators' user pages: list, create, edit, deactivate, reset password."""
import re

from sqlalchemy import select

from safety.extensions import db
from safety.users.models import User
from tests.factories import DEFAULT_PASSWORD, make_enterprise, make_grid, make_user

NEW_PASSWORD = "Field-work-2026"


def _admin(auth, username="boss"):
    admin = make_user("admin", username=username, display_name="王主任")
    auth.login(username)
    auth.post_form("/locale/en")  # the messages below are checked by their English msgids
    return admin


def _user(username: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def _new_user_form(**overrides) -> dict:
    data = {"username": "zhao", "display_name": "赵六", "phone": "13912345678", "role": "inspector",
            "grids": ["G1"], "enterprise": "", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(overrides)
    return data


def _listed(client, url: str) -> set[str]:
    """The usernames the list page links to."""
    html = client.get(url).get_data(as_text=True)
    return set(re.findall(r'<a href="/users/\d+/edit">([^<]+)</a>', html))


def _error_at(html: str, message: str) -> bool:
    return re.search(r'<small class="error" role="alert">' + re.escape(message) + "</small>", html) is not None


# --- list ---------------------------------------------------------------------------------

def test_list_searches_username_and_name_case_insensitively(client, auth):
    _admin(auth)
    make_user("supervisor", username="Chen.Jing", display_name="陈静")
    make_user("supervisor", username="liu", display_name="刘洋")
    assert _listed(client, "/users/?q=chen") == {"Chen.Jing"}
    assert _listed(client, "/users/?q=刘") == {"liu"}


def test_list_filters_by_role_grid_and_active(client, auth):
    _admin(auth)
    east, west = make_grid(code="EAST"), make_grid(code="WEST")
    make_user("inspector", username="east_one", grids=[east])
    make_user("inspector", username="west_one", grids=[west])
    make_user("inspector", username="west_gone", grids=[west], active=False)
    make_user("supervisor", username="sup")
    assert _listed(client, "/users/?role=inspector") == {"east_one", "west_one", "west_gone"}
    assert _listed(client, f"/users/?grid={west.id}") == {"west_one", "west_gone"}
    assert _listed(client, f"/users/?grid={west.id}&active=yes") == {"west_one"}
    assert _listed(client, "/users/?active=no") == {"west_gone"}


def test_list_is_paginated(app, client, auth):
    _admin(auth)
    for n in range(app.config["PAGE_SIZE"] + 3):
        make_user("supervisor", username=f"user{n:03d}")
    first, second = _listed(client, "/users/"), _listed(client, "/users/?page=2")
    assert len(first) == app.config["PAGE_SIZE"] and len(second) == 4
    assert not first & second


def test_list_query_count_does_not_grow_with_users(client, auth, count_statements):
    _admin(auth)
    grid = make_grid()

    def add_users(n):
        for _ in range(n):
            make_user("inspector", grids=[grid, make_grid()])
            make_user("enterprise", enterprise=make_enterprise(grid=grid))

    add_users(2)
    with count_statements() as few:
        assert client.get("/users/").status_code == 200
    add_users(10)
    with count_statements() as many:
        assert client.get("/users/").status_code == 200
    assert len(many) == len(few)


# --- create -------------------------------------------------------------------------------

def test_admin_creates_inspector_with_grids_who_can_sign_in(client, auth):
    _admin(auth)
    make_grid(code="G1")
    make_grid(code="G2")
    response = auth.post_form("/users/new", _new_user_form(grids=["G1", "G2"]))
    assert response.status_code == 302
    user = _user("zhao")
    assert user.role == "inspector" and [g.code for g in user.grids] == ["G1", "G2"]
    assert user.display_name == "赵六" and user.phone == "13912345678"
    assert client.post("/api/v1/session", json={"username": "zhao", "password": NEW_PASSWORD}).status_code == 200


def test_supervisor_with_grids_keeps_them(client, auth):
    _admin(auth)
    make_grid(code="G1")
    auth.post_form("/users/new", _new_user_form(role="supervisor"))
    assert [g.code for g in _user("zhao").grids] == ["G1"]


def test_enterprise_account_gets_its_enterprise_and_no_grids(client, auth):
    _admin(auth)
    make_grid(code="G1")
    enterprise = make_enterprise(code="E7")
    auth.post_form("/users/new", _new_user_form(role="enterprise", enterprise="E7"))
    user = _user("zhao")
    assert user.enterprise_id == enterprise.id and user.grids == []


def test_weak_initial_password_is_refused_at_the_password_field(client, auth):
    _admin(auth)
    make_grid(code="G1")
    response = auth.post_form("/users/new", _new_user_form(password="abcdefghijk", confirm="abcdefghijk"))
    assert response.status_code == 400
    assert _error_at(response.get_data(as_text=True), "The password needs both letters and digits or symbols.")
    assert _user("zhao") is None


def test_taken_username_is_refused_at_the_username_field(client, auth):
    _admin(auth)
    make_grid(code="G1")
    make_user("inspector", username="Zhao")
    response = auth.post_form("/users/new", _new_user_form())
    assert _error_at(response.get_data(as_text=True), "The username zhao is taken.")


def test_inspector_without_grid_is_refused_at_the_grids_field(client, auth):
    _admin(auth)
    response = auth.post_form("/users/new", _new_user_form(grids=[]))
    assert response.status_code == 400
    assert _error_at(response.get_data(as_text=True), "An inspector needs at least one grid.")


def test_unknown_enterprise_code_is_refused_at_the_enterprise_field(client, auth):
    _admin(auth)
    response = auth.post_form("/users/new", _new_user_form(role="enterprise", grids=[], enterprise="NOPE"))
    assert _error_at(response.get_data(as_text=True), "No enterprise has the code NOPE.")


def test_repeated_password_must_match(client, auth):
    _admin(auth)
    make_grid(code="G1")
    response = auth.post_form("/users/new", _new_user_form(confirm="Something-else-1"))
    assert _error_at(response.get_data(as_text=True), "The passwords differ.")


# --- edit ---------------------------------------------------------------------------------

def test_edit_changes_name_phone_role_and_grids(client, auth):
    _admin(auth)
    g1, g2 = make_grid(code="G1"), make_grid(code="G2")
    user = make_user("inspector", username="li", grids=[g1])
    response = auth.post_form(f"/users/{user.id}/edit", {"display_name": "李四", "phone": "021-5555",
                                                         "role": "supervisor", "grids": ["G2"]})
    assert response.status_code == 302
    user = _user("li")
    assert (user.display_name, user.phone, user.role) == ("李四", "021-5555", "supervisor")
    assert [g.code for g in user.grids] == [g2.code]


def test_edit_page_shows_current_values(client, auth):
    _admin(auth)
    user = make_user("enterprise", username="qiye", enterprise=make_enterprise(code="E42"), phone="13700000000")
    page = client.get(f"/users/{user.id}/edit").get_data(as_text=True)
    assert 'value="E42"' in page and 'value="13700000000"' in page
    assert '<option selected value="enterprise">' in page


def test_admin_cannot_take_away_own_admin_role(client, auth):
    admin = _admin(auth)
    make_user("admin", username="other_admin")
    response = auth.post_form(f"/users/{admin.id}/edit", {"display_name": "王主任", "role": "supervisor"})
    assert _error_at(response.get_data(as_text=True),
                     "You cannot take away your own administrator role. Ask another administrator.")
    assert _user("boss").role == "admin"


def test_admin_may_demote_another_admin_when_one_remains(client, auth):
    _admin(auth)
    other = make_user("admin", username="deputy")
    auth.post_form(f"/users/{other.id}/edit", {"display_name": "副主任", "role": "supervisor"})
    assert _user("deputy").role == "supervisor"


# --- deactivate, reactivate, reset password ------------------------------------------------

def test_deactivating_ends_the_users_sessions(app, client, auth):
    _admin(auth)
    user = make_user("inspector", username="li", grids=[make_grid()])
    phone = app.test_client()
    assert phone.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD}).status_code == 200
    assert phone.get("/api/v1/session").status_code == 200
    response = auth.post_form(f"/users/{user.id}/deactivate")
    assert response.status_code == 302
    assert _user("li").active is False
    assert phone.get("/api/v1/session").status_code == 401


def test_admin_cannot_deactivate_themself(client, auth):
    admin = _admin(auth)
    response = auth.post_form(f"/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert _user("boss").active is True


def test_reactivated_user_can_sign_in_again(client, auth):
    _admin(auth)
    user = make_user("inspector", username="li", grids=[make_grid()], active=False)
    auth.post_form(f"/users/{user.id}/reactivate")
    assert _user("li").active is True
    assert client.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD}).status_code == 200


def test_reset_password_sets_the_new_one_and_ends_sessions(app, client, auth):
    _admin(auth)
    user = make_user("inspector", username="li", grids=[make_grid()])
    phone = app.test_client()
    phone.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD})
    response = auth.post_form(f"/users/{user.id}/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert phone.get("/api/v1/session").status_code == 401
    fresh = app.test_client()
    assert fresh.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD}).status_code == 401
    assert fresh.post("/api/v1/session", json={"username": "li", "password": NEW_PASSWORD}).status_code == 200


def test_reset_password_refuses_a_weak_one_at_the_field(client, auth):
    _admin(auth)
    user = make_user("inspector", username="li", grids=[make_grid()])
    response = auth.post_form(f"/users/{user.id}/password", {"password": "short1", "confirm": "short1"})
    assert response.status_code == 400
    assert _error_at(response.get_data(as_text=True), "The password needs at least 10 characters.")


def test_admin_cannot_reset_own_password_here(client, auth):
    admin = _admin(auth)
    response = auth.post_form(f"/users/{admin.id}/password", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert _error_at(response.get_data(as_text=True), "Change your own password on the Change password page.")


def test_unknown_user_is_404(client, auth):
    _admin(auth)
    assert client.get("/users/99999/edit").status_code == 404


def test_unchecking_every_grid_leaves_a_supervisor_with_the_whole_jurisdiction(client, auth):
    _admin(auth)
    user = make_user("supervisor", username="chen", grids=[make_grid(code="G1")])
    auth.post_form(f"/users/{user.id}/edit", {"display_name": "陈静", "role": "supervisor"})
    assert _user("chen").grids == []


def test_turning_an_inspector_into_an_enterprise_account_drops_the_grids(client, auth):
    _admin(auth)
    make_enterprise(code="E9")
    user = make_user("inspector", username="li", grids=[make_grid(code="G1")])
    auth.post_form(f"/users/{user.id}/edit", {"display_name": "李四", "role": "enterprise", "grids": ["G1"],
                                              "enterprise": "E9"})
    user = _user("li")
    assert user.role == "enterprise" and user.grids == [] and user.enterprise.code == "E9"
