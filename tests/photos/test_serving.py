"""GET /photos/<uuid>/{thumb.jpg,display.jpg,original}: who may see which photo, and how it is served."""
import os

import pytest

from safety.photos.storage import FileSystemPhotoStore
from tests.factories import image_bytes, make_enterprise, make_grid, make_hazard, make_inspection, make_photo, make_user


@pytest.fixture
def people(grid, enterprise, inspector):
    other_grid = make_grid(code="G2")
    other_enterprise = make_enterprise(grid=other_grid, code="E0002")
    return {
        "inspector": inspector,
        "colleague": make_user("inspector", username="colleague", grids=[grid]),
        "stranger": make_user("inspector", username="stranger", grids=[other_grid]),
        "enterprise": make_user("enterprise", username="enterprise", enterprise=enterprise),
        "other_enterprise": make_user("enterprise", username="other_enterprise", enterprise=other_enterprise),
        "supervisor": make_user("supervisor", username="supervisor"),
        "district_supervisor": make_user("supervisor", username="district_supervisor", grids=[other_grid]),
        "admin": make_user("admin", username="admin"),
    }


@pytest.fixture
def loose_photo(people):
    """Uploaded by the inspector, not attached to any record yet."""
    return make_photo(people["inspector"])


@pytest.fixture
def attached_photo(people, enterprise):
    """Evidence of a hazard at E0001 (grid G1)."""
    hazard = make_hazard(enterprise)
    return make_photo(people["inspector"], hazard_id=hazard.id, purpose="hazard")


def _status(client, auth, username, url) -> int:
    auth.login(username)
    return client.get(url).status_code


@pytest.mark.parametrize("username,expected", [
    ("inspector", 200), ("colleague", 403), ("stranger", 403), ("enterprise", 403),
    ("supervisor", 200), ("district_supervisor", 200), ("admin", 200)])
def test_a_loose_photo_is_seen_by_its_uploader_and_the_office(client, auth, loose_photo, username, expected):
    assert _status(client, auth, username, f"/photos/{loose_photo.uuid}/thumb.jpg") == expected


@pytest.mark.parametrize("username,expected", [
    ("inspector", 200), ("colleague", 200), ("stranger", 403), ("enterprise", 200), ("other_enterprise", 403),
    ("supervisor", 200), ("district_supervisor", 403), ("admin", 200)])
def test_an_attached_photo_follows_its_enterprise_scope(client, auth, attached_photo, username, expected):
    assert _status(client, auth, username, f"/photos/{attached_photo.uuid}/display.jpg") == expected


def test_photos_of_an_inspection_follow_its_enterprise(client, auth, people, enterprise):
    inspection = make_inspection(enterprise, people["inspector"])
    signature = make_photo(people["inspector"], inspection_id=inspection.id, purpose="inspector_signature")
    assert _status(client, auth, "colleague", f"/photos/{signature.uuid}/thumb.jpg") == 200
    assert _status(client, auth, "stranger", f"/photos/{signature.uuid}/thumb.jpg") == 403


@pytest.mark.parametrize("username,expected", [
    ("inspector", 200), ("colleague", 403), ("enterprise", 403), ("supervisor", 200),
    ("district_supervisor", 403), ("admin", 200)])
def test_the_original_is_for_the_uploader_and_the_office_in_scope(client, auth, attached_photo, username, expected):
    assert _status(client, auth, username, f"/photos/{attached_photo.uuid}/original") == expected


def test_the_original_is_served_byte_for_byte(client, auth, people):
    data = image_bytes(120, 90)
    photo = make_photo(people["inspector"], data=data)
    auth.login("supervisor")
    response = client.get(f"/photos/{photo.uuid}/original")
    assert response.data == data
    assert response.mimetype == "image/jpeg"


def test_copies_are_cached_privately_and_revalidated_daily(client, auth, loose_photo):
    """Daily, not for good: a copy's watermark names the enterprise once the photo is attached to its record."""
    auth.login("inspector")
    response = client.get(f"/photos/{loose_photo.uuid}/thumb.jpg")
    cache = response.cache_control
    assert cache.private and not cache.public
    assert not cache.immutable
    assert cache.max_age == 24 * 3600
    again = client.get(f"/photos/{loose_photo.uuid}/thumb.jpg", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_unknown_photo_is_404_and_a_bad_uuid_400(client, auth, people):
    auth.login("supervisor")
    assert client.get("/photos/6f1c1d5e-0000-4000-8000-000000000000/thumb.jpg").status_code == 404
    assert client.get("/photos/nonsense/thumb.jpg").status_code == 400


def test_a_missing_derivative_is_made_again_from_the_original(app, client, auth, loose_photo):
    store = FileSystemPhotoStore(app.config["PHOTO_ROOT"])
    digest = loose_photo.sha256
    path = os.path.join(app.config["PHOTO_ROOT"], "derivatives", "thumb", digest[:2], f"{digest}.jpg")
    os.remove(path)
    auth.login("inspector")
    response = client.get(f"/photos/{loose_photo.uuid}/thumb.jpg")
    assert response.status_code == 200
    assert response.data[:3] == b"\xff\xd8\xff"
    assert store.exists(digest, "thumb")
