"""A signature belongs to what was signed: the representative's signature carries over to an amended revision only
while the answers and hazards it covers are unchanged. Bad input first, then what is stored and shown."""
import hashlib
import uuid
from datetime import date, timedelta

from sqlalchemy import select

from safety.extensions import db
from safety.inspections.models import Inspection
from safety.photos.models import Photo
from tests.factories import make_photo
from tests.review.conftest import deadline_hazard

REASON = "企业负责人外出，整改期限经电话告知"


def _error(response) -> dict:
    return response.get_json()["error"]


def _stored(document) -> Inspection:
    db.session.expire_all()
    return db.session.scalar(select(Inspection).where(Inspection.uuid == document["uuid"]))


def _signed(park, document, **signatures) -> dict:
    """``document`` with a failed first item, its deadline hazard, and both signatures drawn."""
    north = park["users"]["north"]
    evidence = make_photo(north).uuid
    document["answers"][0].update(result="fail", photos=[evidence])
    document["hazards"] = [deadline_hazard(document["answers"][0]["item_id"], photos=[evidence])]
    document["signatures"] = {"inspector": make_photo(north).uuid, "representative": make_photo(north).uuid,
                              "representative_name": "王厂长", **signatures}
    return document


def _fingerprint(document) -> str:
    """The signed content written out by hand in its canonical form (see safety.inspections.signatures)."""
    [hazard] = document["hazards"]
    answers = ",".join(
        '{"item_id":"%s","note":"","photos":[%s],"result":"%s","value":null}'
        % (answer["item_id"], ",".join(f'"{photo}"' for photo in sorted(answer["photos"])), answer["result"])
        for answer in sorted(document["answers"], key=lambda answer: answer["item_id"]))
    text = ('{"answers":[%s],"enterprise_code":"%s","hazards":[{"deadline":"%s","description":"%s","item_id":"%s",'
            '"level":"general","measures":"%s","mode":"deadline","photos":["%s"],"rectification_photos":[],'
            '"responsible_person":"%s","uuid":"%s"}],"kind":"routine","notes":"","template_id":%d,'
            '"template_version":%d}') % (
        answers, document["enterprise_code"], hazard["deadline"], hazard["description"], hazard["item_id"],
        hazard["measures"], hazard["photos"][0], hazard["responsible_person"], hazard["uuid"],
        document["template_id"], document["template_version"])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _returned(send, document):
    assert send(document).status_code == 201
    stored = _stored(document)
    stored.review_state, stored.review_comment = "returned", "整改期限过长"
    db.session.commit()
    return stored


def _revision_of(document, later_deadline: bool, **signatures) -> dict:
    """The phone's amendment of ``document``: the same content (or a deadline three days later), with the
    signatures given (the carried ones unless told)."""
    hazards = [dict(hazard) for hazard in document["hazards"]]
    if later_deadline:
        hazards[0]["deadline"] = (date.fromisoformat(hazards[0]["deadline"]) + timedelta(days=3)).isoformat()
    return {**document, "uuid": str(uuid.uuid4()), "revision_of": document["uuid"], "hazards": hazards,
            "signatures": {**document["signatures"], **signatures}}


# --- bad input -------------------------------------------------------------------------------------------------

def test_a_malformed_fingerprint_is_400(send, park, document):
    response = send(_signed(park, document, representative_signed_sha256="abc"))
    assert response.status_code == 400
    assert _error(response)["code"] == "invalid_sha256"
    assert _error(response)["field"] == "signatures.representative_signed_sha256"


def test_a_fingerprint_without_a_representative_signature_is_400(send, park, document):
    document = _signed(park, document)
    response = send({**document, "signatures": {**document["signatures"], "representative": None,
                                                "representative_signed_sha256": _fingerprint(document)}})
    assert response.status_code == 400
    assert _error(response)["code"] == "signature_missing"


def test_a_signature_and_a_reason_for_its_absence_together_are_400(send, park, document):
    response = send(_signed(park, document, representative_absent_reason=REASON))
    assert response.status_code == 400
    assert _error(response)["code"] == "signature_and_reason"
    assert _error(response)["field"] == "signatures.representative_absent_reason"


def test_a_signature_declared_for_other_content_is_400_and_nothing_is_stored(send, park, document):
    document = _signed(park, document)
    signed = _fingerprint(document)
    document["hazards"][0]["measures"] = "更换灭火器并培训"
    response = send({**document, "signatures": {**document["signatures"], "representative_signed_sha256": signed}})
    assert response.status_code == 400
    error = _error(response)
    assert (error["code"], error["field"]) == ("signature_content_mismatch", "signatures.representative_signed_sha256")
    assert signed in error["message"] and _fingerprint(document) in error["message"]
    assert _stored(document) is None


def test_a_carried_signature_claimed_for_a_changed_deadline_is_409(send, park, document):
    document = _signed(park, document)
    document["signatures"]["representative_signed_sha256"] = _fingerprint(document)
    _returned(send, document)
    revision = _revision_of(document, later_deadline=True)
    revision["signatures"]["representative_signed_sha256"] = _fingerprint(revision)  # what the revision holds
    response = send(revision)
    assert response.status_code == 409
    assert (_error(response)["code"], _error(response)["field"]) == ("signature_of_earlier_revision",
                                                                     "signatures.representative")
    assert "revision 1" in _error(response)["message"]
    assert _stored(revision) is None


def test_a_carried_signature_still_declared_for_the_earlier_content_is_400(send, park, document):
    document = _signed(park, document)
    document["signatures"]["representative_signed_sha256"] = _fingerprint(document)
    _returned(send, document)
    response = send(_revision_of(document, later_deadline=True))
    assert response.status_code == 400
    assert _error(response)["code"] == "signature_content_mismatch"


# --- what is stored ---------------------------------------------------------------------------------------------

def test_a_first_document_records_what_its_representative_signed(send, park, document):
    document = _signed(park, document)
    document["signatures"]["representative_signed_sha256"] = _fingerprint(document)
    response = send(document)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["signed_content_sha256"] == _fingerprint(document)
    assert {key: body["signatures"][key] for key in ("inspector_signed_revision", "representative_signed_revision",
                                                      "representative_signed_sha256")} == {
        "inspector_signed_revision": 1, "representative_signed_revision": 1,
        "representative_signed_sha256": _fingerprint(document)}


def test_the_fingerprint_ignores_times_location_signatures_and_the_order_of_entries(send, park, document):
    document = _signed(park, document)
    signed = _fingerprint(document)
    document["answers"].reverse()
    document["answers"][-1]["note"] = "  "
    document.update(finished_at=document["started_at"], location=None, identified_by="manual")
    document["signatures"].update(representative_name="李四", representative_signed_sha256=signed)
    response = send(document)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["signed_content_sha256"] == signed


def test_an_amendment_that_changes_nothing_signed_keeps_the_signature_of_revision_1(send, park, document):
    document = _signed(park, document, representative_signed_sha256=None)
    document["signatures"]["representative_signed_sha256"] = _fingerprint(document)
    _returned(send, document)
    revision = _revision_of(document, later_deadline=False)
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    signatures = response.get_json()["signatures"]
    assert signatures["representative"] == document["signatures"]["representative"]
    assert (signatures["representative_signed_revision"], signatures["inspector_signed_revision"]) == (1, 1)
    assert signatures["representative_signed_sha256"] == response.get_json()["signed_content_sha256"]


def test_an_amended_deadline_signed_again_belongs_to_revision_2(send, park, document):
    document = _signed(park, document)
    _returned(send, document)
    revision = _revision_of(document, later_deadline=True, representative=make_photo(park["users"]["north"]).uuid)
    revision["signatures"]["representative_signed_sha256"] = _fingerprint(revision)
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    stored = _stored(revision)
    assert (stored.representative_signed_revision, stored.inspector_signed_revision) == (2, 1)
    assert stored.representative_signed_sha256 == stored.signed_content_sha256 == _fingerprint(revision)


def test_an_amended_deadline_without_the_enterprise_keeps_the_reason_and_leaves_the_signature_with_revision_1(
        send, park, document):
    document = _signed(park, document)
    earlier = _returned(send, document)
    revision = _revision_of(document, later_deadline=True, representative=None,
                            representative_absent_reason=f"  {REASON} ")
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    signatures = response.get_json()["signatures"]
    assert (signatures["representative"], signatures["representative_absent_reason"]) == (None, REASON)
    assert signatures["representative_signed_revision"] is None
    signature = db.session.scalar(select(Photo).where(Photo.uuid == document["signatures"]["representative"]))
    assert signature.inspection_id == earlier.id  # it stays the signature of what was signed


def test_an_older_phone_carrying_the_signature_over_a_changed_deadline_is_stored_as_signed_for_revision_1(
        send, park, document):
    document = _signed(park, document)
    _returned(send, document)
    revision = _revision_of(document, later_deadline=True)
    response = send(revision)
    assert response.status_code == 201, response.get_json()
    stored = _stored(revision)
    assert stored.representative_signed_revision == 1
    assert stored.representative_signed_sha256 == _fingerprint(document) != stored.signed_content_sha256


def test_a_first_document_stored_before_fingerprints_answers_what_it_holds(client, auth, send, park, document):
    document = _signed(park, document)
    stored = _returned(send, document)
    stored.signed_content_sha256 = stored.representative_signed_sha256 = None
    db.session.commit()
    body = client.get(f"/api/v1/inspections/{document['uuid']}").get_json()
    assert body["signed_content_sha256"] == body["signatures"]["representative_signed_sha256"] == _fingerprint(document)
    revision = _revision_of(document, later_deadline=True)
    revision["signatures"]["representative_signed_sha256"] = _fingerprint(revision)
    assert send(revision).status_code == 409
    unchanged = _revision_of(document, later_deadline=False, representative_signed_sha256=_fingerprint(document))
    assert send(unchanged).status_code == 201


# --- the review page --------------------------------------------------------------------------------------------

def test_the_review_page_says_which_revision_each_signature_belongs_to(client, auth, send, park, document):
    document = _signed(park, document)
    _returned(send, document)
    revision = _revision_of(document, later_deadline=True, representative=make_photo(park["users"]["north"]).uuid)
    revision["signatures"]["representative_signed_sha256"] = _fingerprint(revision)
    assert send(revision).status_code == 201
    auth.login("chief")
    page = client.get(f"/review/{revision['uuid']}").get_data(as_text=True)
    assert "Inspector signature (signed revision 1)" in page
    assert "Representative signature (signed revision 2)" in page
    assert "signature-warning" not in page


def test_the_review_page_shows_an_amendment_made_without_the_enterprise(client, auth, send, park, document):
    document = _signed(park, document)
    _returned(send, document)
    assert send(_revision_of(document, later_deadline=True, representative=None,
                             representative_absent_reason=REASON)).status_code == 201
    auth.login("chief")
    page = client.get(f"/review/{_stored_latest().uuid}").get_data(as_text=True)
    assert f"Amended without the enterprise: {REASON}" in page
    assert "Representative signature" not in page
    earlier = client.get(f"/review/{document['uuid']}").get_data(as_text=True)
    assert "Representative signature (signed revision 1)" in earlier


def test_the_review_page_warns_of_a_signature_carried_over_changed_content(client, auth, send, park, document):
    document = _signed(park, document)
    _returned(send, document)
    assert send(_revision_of(document, later_deadline=True)).status_code == 201
    auth.login("chief")
    page = client.get(f"/review/{_stored_latest().uuid}").get_data(as_text=True)
    assert "Representative signature (signed revision 1)" in page
    assert "What the representative signed has changed since: this revision is not signed by the enterprise." in page


def _stored_latest() -> Inspection:
    db.session.expire_all()
    return db.session.scalar(select(Inspection).order_by(Inspection.id.desc()).limit(1))
