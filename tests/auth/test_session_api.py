"""The session API of the sync contract, and the sign-in rules behind it."""
from safety.extensions import db
from tests.factories import DEFAULT_PASSWORD, make_grid, make_user


def test_sign_in_answers_user_and_csrf_token(client):
    grid = make_grid(code="G1")
    make_user("inspector", username="li", grids=[grid], display_name="李四")
    db.session.commit()
    response = client.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["name"] == "李四"
    assert body["user"]["role"] == "inspector"
    assert body["user"]["grids"] == ["G1"]
    assert body["csrf_token"]


def test_get_session_without_sign_in_is_401_json(client):
    response = client.get("/api/v1/session")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"


def test_wrong_password_is_401_and_does_not_say_which_part(client):
    make_user("admin", username="boss")
    db.session.commit()
    response = client.post("/api/v1/session", json={"username": "boss", "password": "nope"})
    assert response.status_code == 401
    error = response.get_json()["error"]
    assert error["code"] == "invalid_credentials"
    unknown = client.post("/api/v1/session", json={"username": "ghost", "password": "nope"})
    assert unknown.get_json()["error"]["message"] == error["message"]


def test_deactivated_account_cannot_sign_in(client):
    make_user("inspector", username="gone", active=False, grids=[make_grid()])
    db.session.commit()
    response = client.post("/api/v1/session", json={"username": "gone", "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "account_disabled"


def test_malformed_json_gets_precise_400(client):
    response = client.post("/api/v1/session", data='{"username": ', content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed_json"
    assert "第 1 行" in error["message"]  # zh_CN is the default locale


def test_form_content_types_are_refused(client):
    make_user("admin", username="boss")
    db.session.commit()
    for content_type in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
        response = client.post("/api/v1/session", data={"username": "boss", "password": DEFAULT_PASSWORD},
                               content_type=content_type)
        assert response.status_code == 415, content_type
        assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_delete_session_needs_csrf_header(client, auth):
    make_user("admin", username="boss")
    db.session.commit()
    auth.login("boss")
    refused = client.delete("/api/v1/session")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    assert client.get("/api/v1/session").status_code == 200
    accepted = client.delete("/api/v1/session", headers=auth.headers())
    assert accepted.status_code == 200
    assert client.get("/api/v1/session").status_code == 401


def test_sign_out_ends_the_users_other_sessions(app, auth):
    make_user("inspector", username="li", grids=[make_grid()])
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    phone.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD})
    token = laptop.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD}).get_json()["csrf_token"]
    assert phone.get("/api/v1/session").status_code == 200
    laptop.delete("/api/v1/session", headers={"X-CSRFToken": token})
    assert phone.get("/api/v1/session").status_code == 401


def test_session_survives_a_change_of_network(app):
    """A phone moving from Wi-Fi to mobile data changes its IP; it must stay signed in."""
    make_user("inspector", username="li", grids=[make_grid()])
    db.session.commit()
    phone = app.test_client()
    phone.post("/api/v1/session", json={"username": "li", "password": DEFAULT_PASSWORD},
               environ_base={"REMOTE_ADDR": "10.0.0.5"})
    response = phone.get("/api/v1/session", environ_base={"REMOTE_ADDR": "100.64.3.9"})
    assert response.status_code == 200


def test_cookies_are_secure_httponly_lax_with_weeks_of_remember(database_url, tmp_path):
    from safety import create_app
    from tests.conftest import base_config
    config = base_config(database_url, tmp_path)
    config.pop("SESSION_COOKIE_SECURE")
    config.pop("REMEMBER_COOKIE_SECURE")
    app = create_app(config)
    with app.app_context():
        make_user("admin", username="boss")
        db.session.commit()
        response = app.test_client().post("/api/v1/session", json={"username": "boss", "password": DEFAULT_PASSWORD})
        cookies = response.headers.getlist("Set-Cookie")
        session_cookie = next(c for c in cookies if c.startswith("session="))
        remember_cookie = next(c for c in cookies if c.startswith("remember_token="))
        for cookie in (session_cookie, remember_cookie):
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        days = app.config["REMEMBER_COOKIE_DURATION"].days
        assert 7 <= days <= 60
        from tests.conftest import _empty_tables
        db.session.remove()
        _empty_tables()
        db.engine.dispose()  # its own engine: an open PostgreSQL connection left to the GC is a ResourceWarning


def test_api_write_with_an_expired_session_is_401_not_a_csrf_error(app, auth):
    """A phone that was signed out elsewhere while offline must be asked to sign in again."""
    user = make_user("inspector", username="li", grids=[make_grid()])
    auth.login("li")
    user.session_version += 1  # signed out on another device
    response = auth.client.delete("/api/v1/session")  # no CSRF header either
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "not_signed_in"


def test_the_sign_in_response_already_carries_the_new_csrf_token(client):
    """The session after sign-in holds its CSRF token from the first response on, so a background request
    answered later (the service worker precaching) cannot set a cookie without it."""
    import re
    make_user("admin", username="boss")
    page = client.get("/login").get_data(as_text=True)
    anonymous_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    with client.session_transaction() as session:
        planted = session["csrf_token"]
    response = client.post("/login", data={"username": "boss", "password": DEFAULT_PASSWORD,
                                           "csrf_token": anonymous_token})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session.get("csrf_token") and session["csrf_token"] != planted
