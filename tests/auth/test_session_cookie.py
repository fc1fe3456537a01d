"""The session cookie is written when the session changes, and once a day to push a signed-in session's expiry
forward; never merely because a request was answered.

A request that set out with the cookie of before a change and is answered after it (the service worker precaching
the field app, a picture of the review page) carried the session as it was: writing that back dropped a review
decision's messages from the next page, the failing review journey."""
from datetime import timedelta

from safety.auth.session_cookie import RENEWED_ON
from safety.common.types import utcnow
from safety.extensions import db
from tests.factories import make_grid, make_photo, make_user


def _session_cookies(response) -> list[str]:
    return [cookie for cookie in response.headers.getlist("Set-Cookie") if cookie.startswith("session=")]


def _signed_in_with_a_photo(client, auth):
    inspector = make_user("inspector", username="li", grids=[make_grid()])
    photo = make_photo(inspector)
    db.session.commit()
    auth.login("li")
    return photo


def test_requests_that_set_out_before_a_change_do_not_write_the_session_of_before_back(client, auth):
    photo = _signed_in_with_a_photo(client, auth)
    before = client.get_cookie("session").value
    changed = client.post("/locale/en", data={"next": "/"}, headers=auth.headers())
    assert _session_cookies(changed), "the change itself is written"
    assert client.get_cookie("session").value != before

    # Each left with the cookie of before the switch: pictures, the field app's shell and catalogues as the
    # service worker precaches them, a script, the session API, a page.
    for url in (f"/photos/{photo.uuid}/thumb.jpg", f"/photos/{photo.uuid}/display.jpg", "/app/",
                "/app/i18n/zh_CN.json", "/static/js/app.js", "/api/v1/session", "/account/password"):
        client.set_cookie("session", before)
        response = client.get(url)
        assert response.status_code == 200, url
        assert _session_cookies(response) == [], url


def test_a_session_renewed_on_an_earlier_day_is_renewed_by_the_next_request_once(client, auth):
    _signed_in_with_a_photo(client, auth)
    yesterday = (utcnow().date() - timedelta(days=1)).isoformat()
    with client.session_transaction() as session:
        session[RENEWED_ON] = yesterday
    renewing = client.get("/api/v1/session")
    assert renewing.status_code == 200
    [cookie] = _session_cookies(renewing)
    assert "Expires=" in cookie
    with client.session_transaction() as session:
        assert session[RENEWED_ON] == utcnow().date().isoformat()
        assert session["_user_id"]  # still signed in: the renewal wrote the whole session
    assert _session_cookies(client.get("/api/v1/session")) == []
    assert _session_cookies(client.get("/account/password")) == []

