"""A signed-in session's cookie is written again by pages and API calls (so it keeps sliding forward while the
user works), never by the pictures, scripts and styles a page loads.

A picture asked for before the reviewer pressed "Return" and answered after it carries the session as it was
before: writing that back dropped the decision's messages from the next page (seen in the review journey) and
would undo a language switch the same way."""
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


def test_a_picture_answered_with_the_session_from_before_a_change_does_not_write_it_back(client, auth):
    photo = _signed_in_with_a_photo(client, auth)
    before = client.get_cookie("session").value
    changed = client.post("/locale/en", data={"next": "/"}, headers=auth.headers())
    assert _session_cookies(changed), "the switch itself is written"
    after = client.get_cookie("session").value
    assert after != before

    # The picture's request left with the cookie of before the switch.
    client.set_cookie("session", before)
    for kind in ("thumb", "display"):
        picture = client.get(f"/photos/{photo.uuid}/{kind}.jpg", headers={"Sec-Fetch-Dest": "image"})
        assert picture.status_code == 200
        assert _session_cookies(picture) == []


def test_pictures_and_static_files_leave_the_cookie_alone_even_without_fetch_metadata(client, auth):
    """Older phone browsers send no ``Sec-Fetch-Dest``: the photo copies and static files are known by their route."""
    photo = _signed_in_with_a_photo(client, auth)
    for url in (f"/photos/{photo.uuid}/thumb.jpg", f"/photos/{photo.uuid}/display.jpg", "/static/css/office.css"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _session_cookies(response) == [], url


def test_scripts_styles_and_fonts_announced_as_such_leave_the_cookie_alone(client, auth):
    _signed_in_with_a_photo(client, auth)
    for destination in ("script", "style", "font", "image", "manifest"):
        response = client.get("/api/v1/session", headers={"Sec-Fetch-Dest": destination})
        assert response.status_code == 200
        assert _session_cookies(response) == [], destination


def test_pages_and_api_calls_still_slide_the_session_forward(client, auth):
    _signed_in_with_a_photo(client, auth)
    page = client.get("/account/password", headers={"Sec-Fetch-Dest": "document"})
    assert page.status_code == 200
    [cookie] = _session_cookies(page)
    assert "Expires=" in cookie
    api = client.get("/api/v1/session", headers={"Sec-Fetch-Dest": "empty"})
    assert api.status_code == 200
    assert _session_cookies(api)
    plain = client.get("/api/v1/session")
    assert _session_cookies(plain)
