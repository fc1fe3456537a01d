"""A re-sent photo racing its twin: one row, no 500, against a real threaded server."""
import hashlib
import uuid
from functools import partial

from sqlalchemy import func, select

from safety.extensions import db
from safety.photos.models import Photo
from tests.factories import image_bytes
from tests.livehttp import HttpSession, live_server
from tests.races import at_once, behind_open_twin


def _put(phone: HttpSession, photo_uuid: str, data: bytes):
    return phone.request("PUT", f"/api/v1/photos/{photo_uuid}", data,
                         {"Content-Type": "image/jpeg", "X-Content-SHA256": hashlib.sha256(data).hexdigest()})


def test_two_concurrent_uploads_of_one_photo_store_it_once(app, inspector):
    db.session.commit()
    rounds = 6
    with live_server(app) as port:
        phones = [HttpSession(port), HttpSession(port)]
        for phone in phones:
            phone.login("inspector")
        for n in range(rounds):
            data = image_bytes(1200, 900, colour=(n * 30, 80, 80))
            photo_uuid = str(uuid.uuid4())
            answers = at_once(*(partial(_put, phone, photo_uuid, data) for phone in phones))
            assert sorted(status for status, _body in answers) == [200, 201]
    assert db.session.scalar(select(func.count()).select_from(Photo)) == rounds


def test_a_resend_that_loses_the_insert_race_answers_its_twin(app, inspector):
    """The twin's row is inserted first but not yet committed: the resend passes its
    look-up, then meets the unique index, and must answer 200 rather than 500."""
    db.session.commit()
    data = image_bytes(800, 600)
    photo_uuid = str(uuid.uuid4())
    with live_server(app) as port:
        phone = HttpSession(port)
        phone.login("inspector")
        db.session.add(Photo(uuid=photo_uuid, sha256=hashlib.sha256(data).hexdigest(), content_type="image/jpeg",
                             size_bytes=len(data), width=800, height=600, uploader_id=inspector.id))
        db.session.flush()
        waited, (status, _body) = behind_open_twin(lambda: _put(phone, photo_uuid, data))
    assert waited, "the resend should be waiting for its twin's transaction"
    assert status == 200
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 1


def test_a_racing_upload_with_other_bytes_is_409(app, inspector):
    db.session.commit()
    data = image_bytes(640, 480, colour=(1, 2, 3))
    photo_uuid = str(uuid.uuid4())
    with live_server(app) as port:
        phone = HttpSession(port)
        phone.login("inspector")
        db.session.add(Photo(uuid=photo_uuid, sha256="f" * 64, content_type="image/jpeg",
                             size_bytes=1, width=1, height=1, uploader_id=inspector.id))
        db.session.flush()
        _waited, (status, _body) = behind_open_twin(lambda: _put(phone, photo_uuid, data))
    assert status == 409
