"""Before and after: a photo of the fix names the hazard's photo it was taken to match; the pair is sealed into the
event, and the hazard and review pages show it side by side."""
import uuid

from sqlalchemy import func, select, update

from safety.evidence.verify import verify_evidence
from safety.extensions import db
from safety.hazards.models import Hazard, HazardEvent
from safety.photos.models import Photo
from tests.factories import make_photo, make_user
from tests.hazards.conftest import event_document

HAZARD = "7d4a3f7e-5a8b-4c47-9d2e-0d1c3b6a1f00"  # the one tests/evidence/conftest.py records


def _send(client, auth, username, document):
    auth.login(username)
    return client.post(f"/api/v1/hazards/{HAZARD}/events", headers=auth.headers(), json=document)


def test_a_recheck_photo_answers_the_found_photo(recorded, client, auth, inspector):
    _uuid, _events, photos = recorded
    after = make_photo(inspector)
    sent = _send(client, auth, "inspector", event_document(
        "recheck_passed", photos=[after.uuid], photo_pairs=[{"photo": after.uuid, "before": photos["found"].uuid}]))
    # The hazard is closed by the fixture's re-check: this one is stored, not applied, with its pair.
    assert sent.status_code == 201, sent.get_json()
    db.session.expire_all()
    stored = db.session.scalar(select(Photo).where(Photo.uuid == after.uuid))
    assert stored.before_photo_id == photos["found"].id
    assert verify_evidence().intact


def test_the_pair_is_sealed_into_its_event(recorded, client, auth, inspector):
    _uuid, _events, photos = recorded
    after = make_photo(inspector)
    assert _send(client, auth, "inspector", event_document(
        "recheck_passed", photos=[after.uuid],
        photo_pairs=[{"photo": after.uuid, "before": photos["found"].uuid}])).status_code == 201
    db.session.execute(update(Photo).where(Photo.uuid == after.uuid).values(before_photo_id=photos["fix"].id))
    db.session.commit()
    breaks = verify_evidence().breaks
    assert [found.kind for found in breaks] == ["event_changed"] and "event 4 of 4" in breaks[0].where


def test_the_same_event_again_is_the_same_and_other_pairs_are_a_conflict(recorded, client, auth, inspector):
    _uuid, _events, photos = recorded
    after = make_photo(inspector)
    document = event_document("recheck_passed", photos=[after.uuid],
                              photo_pairs=[{"photo": after.uuid, "before": photos["found"].uuid}])
    assert _send(client, auth, "inspector", document).status_code == 201
    assert _send(client, auth, "inspector", document).status_code == 200
    other = {**document, "photo_pairs": [{"photo": after.uuid, "before": photos["fix"].uuid}]}
    assert _send(client, auth, "inspector", other).status_code == 409


def test_bad_pairs_are_refused_and_store_nothing(recorded, client, auth, inspector, enterprise):
    _uuid, _events, photos = recorded
    after, elsewhere = make_photo(inspector), make_photo(inspector)
    db.session.commit()
    events_before = db.session.scalar(select(func.count()).select_from(HazardEvent))
    cases = [
        ([{"photo": str(uuid.uuid4()), "before": photos["found"].uuid}], "pair_not_of_event", "photo_pairs[0].photo"),
        ([{"photo": after.uuid, "before": elsewhere.uuid}], "before_not_of_hazard", "photo_pairs[0].before"),
        ([{"photo": after.uuid, "before": photos["found"].uuid}] * 2, "photo_reused", "photo_pairs[1]"),
        ([{"photo": after.uuid}], "required", "photo_pairs[0].before"),
        ("nope", "invalid", "photo_pairs"),
    ]
    for pairs, code, field in cases:
        sent = _send(client, auth, "inspector", event_document("recheck_passed", photos=[after.uuid],
                                                               photo_pairs=pairs))
        assert sent.status_code == 400, (pairs, sent.get_json())
        assert (sent.get_json()["error"]["code"], sent.get_json()["error"]["field"]) == (code, field), pairs
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(HazardEvent)) == events_before
    assert db.session.scalar(select(Photo.hazard_id).where(Photo.uuid == after.uuid)) is None


def test_the_hazard_and_review_pages_show_the_pair_side_by_side(recorded, client, auth, inspector):
    hazard_uuid, _events, photos = recorded
    after = make_photo(inspector)
    assert _send(client, auth, "inspector", event_document(
        "recheck_passed", photos=[after.uuid],
        photo_pairs=[{"photo": after.uuid, "before": photos["found"].uuid}])).status_code == 201
    make_user("supervisor", username="boss").locale = "en"
    db.session.commit()
    auth.login("boss")
    pair = f'data-before="{photos["found"].uuid}" data-after="{after.uuid}"'
    hazard_page = client.get(f"/hazards/{hazard_uuid}").get_data(as_text=True)
    assert "Before and after" in hazard_page and pair in hazard_page
    from safety.inspections.models import Inspection
    inspection_uuid = db.session.scalar(select(Inspection.uuid).join(Hazard, Hazard.inspection_id == Inspection.id))
    review_page = client.get(f"/review/{inspection_uuid}").get_data(as_text=True)
    assert "Before and after" in review_page and pair in review_page


def test_the_reinspection_opinion_shows_the_pair_side_by_side(client, auth, enterprise, inspector):
    from safety.documents.operations import issue_recheck_opinion
    from tests.hazards.conftest import found_hazard
    hazard = found_hazard(enterprise, inspector)
    original, after = make_photo(inspector, hazard_id=hazard.id, purpose="hazard"), make_photo(inspector)
    db.session.commit()
    auth.login("inspector")
    sent = client.post(f"/api/v1/hazards/{hazard.uuid}/events", headers=auth.headers(), json=event_document(
        "recheck_passed", photos=[after.uuid], photo_pairs=[{"photo": after.uuid, "before": original.uuid}]))
    assert sent.status_code == 201, sent.get_json()
    boss = make_user("supervisor", username="boss")
    boss.locale = "en"
    db.session.commit()
    event = db.session.scalar(select(HazardEvent).where(HazardEvent.uuid == sent.get_json()["event"]["uuid"]))
    document, _created = issue_recheck_opinion(boss, event=event)
    db.session.commit()
    [check] = document.content["checks"]
    assert check["pairs"] == [{"before": original.uuid, "after": after.uuid}]
    auth.login("boss")
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert f'class="doc-pair" data-before="{original.uuid}" data-after="{after.uuid}"' in page
