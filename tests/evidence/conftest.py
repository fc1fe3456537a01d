"""A hazard with a log worth checking: found with a photo, rectified by the enterprise with a photo and a
signature, re-checked by the inspector; and the commands that check it."""
import pytest
from sqlalchemy import select

from safety.extensions import db
from safety.hazards.models import HazardEvent
from tests.factories import make_photo
from tests.hazards.conftest import admin, enterprise_user, event_document, people, supervisor  # noqa: F401


@pytest.fixture
def recorded(client, auth, enterprise, inspector, enterprise_user):  # noqa: F811
    """The hazard's UUID and its events in order, sent through the phones' API."""
    found_photo = make_photo(inspector)
    auth.login("inspector")
    from tests.factories import inspection_document, make_template
    version = make_template(items=2).versions[0]
    document = inspection_document(enterprise, version)
    item = document["answers"][0]
    item.update(result="fail", photos=[make_photo(inspector).uuid])
    hazard_uuid = "7d4a3f7e-5a8b-4c47-9d2e-0d1c3b6a1f00"
    document["hazards"] = [{"uuid": hazard_uuid, "item_id": item["item_id"], "description": "配电箱前堆放杂物",
                            "level": "general", "mode": "deadline", "responsible_person": "张三",
                            "measures": "清理杂物", "deadline": "2026-12-31", "photos": [found_photo.uuid],
                            "rectification_photos": []}]
    sent = client.post("/api/v1/inspections", json=document, headers=auth.headers())
    assert sent.status_code == 201, sent.get_json()
    fix, signature = make_photo(enterprise_user), make_photo(enterprise_user)
    auth.login("contact")
    sent = client.post(f"/api/v1/hazards/{hazard_uuid}/events", headers=auth.headers(), json=event_document(
        "rectification_reported", photos=[fix.uuid], note="杂物已清理", signature=signature.uuid, signed_by="赵安全"))
    assert sent.status_code == 201, sent.get_json()
    recheck = make_photo(inspector)
    auth.login("inspector")
    sent = client.post(f"/api/v1/hazards/{hazard_uuid}/events", headers=auth.headers(),
                       json=event_document("recheck_passed", note="复查合格", photos=[recheck.uuid]))
    assert sent.status_code == 201, sent.get_json()
    db.session.commit()
    events = list(db.session.scalars(select(HazardEvent).join(HazardEvent.hazard)
                                     .order_by(HazardEvent.id)))
    return hazard_uuid, events, {"found": found_photo, "fix": fix, "signature": signature,
                                         "recheck": recheck}
