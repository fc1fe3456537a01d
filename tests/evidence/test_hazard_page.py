"""The hazard page says whether its record is intact, when that was checked, and which day sealed it."""
import os

from sqlalchemy import update

from safety.common.office_time import office_today
from safety.evidence.models import EvidenceDigest
from safety.extensions import db
from safety.hazards.models import HazardEvent
from safety.photos.storage import get_photo_store
from tests.factories import make_user


def _page(client, auth, hazard_uuid: str) -> str:
    make_user("supervisor", username="boss").locale = "en"  # the page in English, as this user chose
    db.session.commit()
    auth.login("boss")
    response = client.get(f"/hazards/{hazard_uuid}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_intact_record_says_so_with_the_time_and_the_sealed_day(recorded, client, auth, runner):
    hazard_uuid, _events, _photos = recorded
    assert runner.invoke(args=["seal-evidence", "--day", office_today().isoformat()]).exit_code == 0
    page = _page(client, auth, hazard_uuid)
    assert "Record intact, verified at" in page
    digest = db.session.scalar(db.select(EvidenceDigest.digest))
    assert f'<span class="code digest">{digest}</span>' in page


def test_an_unsealed_record_says_when_it_will_be(recorded, client, auth):
    page = _page(client, auth, recorded[0])
    assert "Record intact" in page and "Not sealed yet" in page


def test_a_changed_event_and_a_changed_photo_show_the_record_damaged(recorded, client, auth):
    hazard_uuid, events, photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[0].id).values(note="改"))
    db.session.commit()
    with open(get_photo_store()._path(photos["recheck"].sha256, "original"), "ab") as original:
        original.write(b"\0")
    page = _page(client, auth, hazard_uuid)
    assert "Record intact" not in page and "Evidence damaged" in page
    assert "An event changed after it was recorded" in page and "event 1 of 3 (found" in page
    assert "A photo&#39;s original changed" in page and f"photo {photos['recheck'].uuid}" in page
    os.remove(get_photo_store()._path(photos["recheck"].sha256, "original"))
    assert "A photo&#39;s original is missing" in _page_again(client, hazard_uuid)


def _page_again(client, hazard_uuid):
    return client.get(f"/hazards/{hazard_uuid}").get_data(as_text=True)


def test_where_the_record_broke_reads_in_the_user_s_language(recorded, client, auth):
    hazard_uuid, events, photos = recorded
    db.session.execute(update(HazardEvent).where(HazardEvent.id == events[0].id).values(note="改"))
    db.session.commit()
    with open(get_photo_store()._path(photos["recheck"].sha256, "original"), "ab") as original:
        original.write(b"\0")
    make_user("supervisor", username="zhang").locale = "zh_CN"
    db.session.commit()
    auth.login("zhang")
    page = client.get(f"/hazards/{hazard_uuid}").get_data(as_text=True)
    assert "第 1 条记录（共 3 条；found" in page and f"照片 {photos['recheck'].uuid}" in page
    assert "event 1 of 3" not in page
