"""The sign-in policy every request goes through (safety/auth/policy.py)."""
import re
import uuid

from tests.factories import make_grid, make_user


def test_an_api_write_without_a_session_or_a_token_is_told_to_sign_in_not_about_the_token(client):
    # A phone whose session expired while it was offline sends its outbox with a token that no longer counts.
    answer = client.post("/api/v1/inspections", json={"uuid": str(uuid.uuid4())})
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "not_signed_in"


def test_a_back_office_page_without_a_session_sends_to_the_sign_in_page_and_back(client):
    answer = client.get("/hazards/?status=open")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith("/login?next=/hazards/?status%3Dopen")


def test_a_session_from_before_a_password_change_is_no_longer_signed_in(client, auth):
    user = make_user("inspector", username="li", grids=[make_grid()])
    auth.login("li")
    user.session_version += 1
    assert client.get("/api/v1/session").status_code == 401


def test_the_language_chosen_on_the_device_wins_over_the_office_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/locale/en", data={"csrf_token": token}).status_code == 302
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)
