"""Where a photo was taken: on record for the office, never in what is served to everyone else.

A phone photo carries its position twice: in the image's EXIF GPS block, and
as the location the field app sends beside it. The original keeps both as
evidence; the thumbnail and display size served to anyone who may see the
photo carry neither.
"""
import hashlib
import io

import pytest
from PIL import Image

from safety.extensions import db
from safety.photos.models import Photo
from tests.factories import make_enterprise, make_grid, make_hazard, make_user

GPS_IFD = 0x8825
LATITUDE = (31.0, 13.0, 49.0)  # 31°13′49″N, 121°28′25″E
LONGITUDE = (121.0, 28.0, 25.0)


def _photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: LATITUDE, 3: "E", 4: LONGITUDE})
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 160, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _gps(data: bytes) -> dict:
    return dict(Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD))


@pytest.fixture
def evidence(app, client, auth):
    """A GPS-tagged photo uploaded by an inspector, with the phone's location, as evidence of a hazard at E0001."""
    grid = make_grid(code="G1")
    enterprise = make_enterprise(grid=grid, code="E0001")
    make_user("inspector", username="inspector", grids=[grid])
    make_user("inspector", username="colleague", grids=[grid])
    make_user("enterprise", username="enterprise", enterprise=enterprise)
    make_user("supervisor", username="supervisor")
    make_user("admin", username="admin")
    hazard = make_hazard(enterprise)
    data = _photo_with_gps()
    assert _gps(data)[2] == LATITUDE  # the test photo really carries a position
    auth.login("inspector")
    photo_uuid = "5b0e7c1e-9a53-4a7e-8f0c-2d4b1c9e7a10"
    answer = client.put(f"/api/v1/photos/{photo_uuid}", data=data, content_type="image/jpeg",
                        headers={**auth.headers(), "X-Content-SHA256": hashlib.sha256(data).hexdigest(),
                                 "X-Photo-Location": "31.230412,121.473701,8"})
    assert answer.status_code == 201, answer.get_json()
    photo = db.session.query(Photo).filter_by(uuid=photo_uuid).one()
    photo.hazard_id, photo.purpose = hazard.id, "hazard"
    db.session.commit()
    client.delete("/api/v1/session", headers=auth.headers())
    return {"uuid": photo_uuid, "bytes": data, "hazard": hazard.uuid}


@pytest.mark.parametrize("username", ["inspector", "colleague", "enterprise", "supervisor", "admin"])
@pytest.mark.parametrize("kind", ["thumb.jpg", "display.jpg"])
def test_served_derivatives_carry_no_position(client, auth, evidence, username, kind):
    auth.login(username)
    served = client.get(f"/photos/{evidence['uuid']}/{kind}")
    assert served.status_code == 200
    assert _gps(served.data) == {}
    assert b"Exif" not in served.data and b"PhoneMaker" not in served.data


@pytest.mark.parametrize("username", ["inspector", "supervisor", "admin"])
def test_the_original_with_its_position_is_on_record_for_the_office_and_the_photographer(
        client, auth, evidence, username):
    auth.login(username)
    original = client.get(f"/photos/{evidence['uuid']}/original")
    assert original.status_code == 200
    assert hashlib.sha256(original.data).hexdigest() == hashlib.sha256(evidence["bytes"]).hexdigest()
    assert _gps(original.data)[2] == LATITUDE and _gps(original.data)[4] == LONGITUDE


@pytest.mark.parametrize("username", ["enterprise", "colleague"])
def test_the_original_is_refused_to_the_enterprise_and_to_other_inspectors(client, auth, evidence, username):
    auth.login(username)
    assert client.get(f"/photos/{evidence['uuid']}/original").status_code == 403


def test_the_phones_location_is_kept_but_not_in_the_enterprises_hazard(client, auth, evidence):
    photo = db.session.query(Photo).filter_by(uuid=evidence["uuid"]).one()
    assert (photo.latitude, photo.longitude, photo.accuracy_m) == (31.230412, 121.473701, 8)
    auth.login("enterprise")
    hazard = client.get(f"/api/v1/hazards/{evidence['hazard']}")
    assert hazard.status_code == 200
    assert [p["uuid"] for p in hazard.get_json()["photos"]] == [evidence["uuid"]]
    for trace in (b"31.23", b"121.47", b"latitude", b"original"):
        assert trace not in hazard.data
