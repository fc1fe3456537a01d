"""POST /api/v1/documents from a phone: documents issued on site offline, stored with the phone's number, frozen with
the receipt (signature, or refusal with its photo; who, when, how served), once however often they are sent."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from safety.common.canonical import value_hash
from safety.documents.blocks import ReservedNumber
from safety.documents.models import Document
from safety.extensions import db
from safety.photos.models import Photo
from tests.documents.test_onsite_measure import MEASURE, measured_document, version  # noqa: F401 (fixture)
from tests.factories import make_photo, make_user
from tests.livehttp import HttpSession, live_server
from tests.races import at_once

PHONE = "phone-0001"


@pytest.fixture
def issued_on_site(client, auth, inspector, enterprise, version):  # noqa: F811
    """The inspector synced (blocks reserved), then sent an inspection with a measure ordered on the spot."""
    auth.login("inspector")
    blocks = {block["type"]: block for block in client.get("/api/v1/sync/pull", query_string={"device": PHONE})
              .get_json()["number_blocks"]}
    document = measured_document(enterprise, version)
    assert client.post("/api/v1/inspections", json=document, headers=auth.headers()).status_code == 201
    return {"blocks": blocks, "inspection": document}


def phone_request(world, type_: str, signature: str | None = None, refusal_photo: str | None = None,
                  number: int | None | str = "first") -> dict:
    block = world["blocks"][type_]
    number = block["numbers"][0] if number == "first" else number
    served = datetime.now(timezone(timedelta(hours=8))).replace(microsecond=0) - timedelta(minutes=3)
    return {"type": type_, "inspection_uuid": world["inspection"]["uuid"], "uuid": str(uuid.uuid4()),
            "number": number, "year": block["year"] if number is not None else None,
            "issued_at": served.isoformat(),
            "receipt": {"signature": signature, "refused": refusal_photo is not None, "refusal_photo": refusal_photo,
                        "refusal_note": "拒绝签字" if refusal_photo else "", "recipient": "王厂长",
                        "method": "left_on_site" if refusal_photo else "in_person", "served_at": served.isoformat()}}


def post(client, auth, body):
    return client.post("/api/v1/documents", json=body, headers=auth.headers())


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_signed_decision_is_stored_with_the_phones_number_and_its_receipt_frozen(client, auth, inspector,
                                                                                 issued_on_site):
    signature = make_photo(inspector)
    body = phone_request(issued_on_site, "onsite_measures", signature=signature.uuid)
    response = post(client, auth, body)
    assert response.status_code == 201, response.get_json()
    document = db.session.get(Document, response.get_json()["id"])
    assert (document.year, document.number) == (body["year"], body["number"])
    assert response.get_json()["number"] == document.reference and f"第{body['number']:03d}号" in document.reference
    receipt = document.content["receipt"]
    assert receipt["signature"] == {"uuid": signature.uuid, "sha256": signature.sha256}
    assert (receipt["refused"], receipt["recipient"], receipt["method"]) == (False, "王厂长", "in_person")
    assert document.content["hazards"][0]["measure"] == MEASURE["measure"]
    assert document.sha256 == value_hash(document.content)  # computed here, over what is stored
    assert db.session.get(Photo, signature.id).purpose == "document_signature"
    number = db.session.scalar(select(ReservedNumber).where(ReservedNumber.kind == "onsite_measures",
                                                            ReservedNumber.number == body["number"]))
    assert (number.state, number.document_id) == ("used", document.id)


def test_a_resent_document_is_the_same_document_with_the_same_number(client, auth, inspector, issued_on_site):
    body = phone_request(issued_on_site, "inspection_record", signature=make_photo(inspector).uuid)
    first = post(client, auth, body)
    again = post(client, auth, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json() and count(Document) == 1


def test_a_refusal_is_stored_with_its_photo(client, auth, inspector, issued_on_site):
    photo = make_photo(inspector)
    response = post(client, auth, phone_request(issued_on_site, "rectification_order", refusal_photo=photo.uuid))
    assert response.status_code == 201, response.get_json()
    receipt = db.session.get(Document, response.get_json()["id"]).content["receipt"]
    assert (receipt["refused"], receipt["method"], receipt["refusal_photo"]["sha256"]) == (
        True, "left_on_site", photo.sha256)


def test_a_refusal_without_a_photo_is_refused_and_nothing_stored(client, auth, issued_on_site):
    body = phone_request(issued_on_site, "rectification_order")
    body["receipt"].update(refused=True, method="left_on_site")
    response = post(client, auth, body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "refusal_photo_required"
    assert count(Document) == 0


def test_a_phone_whose_block_ran_out_is_numbered_here(client, auth, inspector, issued_on_site):
    reserved = issued_on_site["blocks"]["inspection_record"]["numbers"]
    response = post(client, auth, phone_request(issued_on_site, "inspection_record",
                                                signature=make_photo(inspector).uuid, number=None))
    assert response.status_code == 201
    document = db.session.get(Document, response.get_json()["id"])
    # the next of the series, after the numbers reserved for the phone: never one of a block
    assert document.number == max(reserved) + 1


def test_a_number_outside_the_senders_block_is_a_conflict_and_nothing_stored(client, auth, inspector, grid,
                                                                            issued_on_site):
    colleague = make_user("inspector", username="wang", grids=[grid])
    db.session.commit()
    auth.login("wang")
    theirs = {block["type"]: block for block in client.get("/api/v1/sync/pull", query_string={"device": "phone-9"})
              .get_json()["number_blocks"]}
    auth.login("inspector")
    body = phone_request(issued_on_site, "inspection_record", signature=make_photo(inspector).uuid,
                         number=theirs["inspection_record"]["numbers"][0])
    response = post(client, auth, body)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("number_not_reserved", "number")
    assert str(body["number"]) in error["message"]
    assert count(Document) == 0 and colleague.id


def test_twin_resends_at_once_store_one_document(app, inspector, issued_on_site):
    body = phone_request(issued_on_site, "onsite_measures", signature=make_photo(inspector).uuid)
    db.session.commit()
    with live_server(app) as port:
        sessions = [HttpSession(port) for _ in range(2)]
        for session in sessions:
            session.login("inspector")
        answers = at_once(*[lambda s=s: s.send_json("POST", "/api/v1/documents", body) for s in sessions])
    assert sorted(answer[0] for answer in answers) == [200, 201], answers
    db.session.expire_all()
    assert count(Document) == 1


def test_the_numbers_a_phone_left_unused_are_void_in_the_ledger(client, auth, inspector, issued_on_site, app):
    body = phone_request(issued_on_site, "onsite_measures", signature=make_photo(inspector).uuid)
    assert post(client, auth, body).status_code == 201
    client.get("/api/v1/sync/pull", query_string={"device": PHONE})  # the used block closes: the rest is void
    void = db.session.scalars(select(ReservedNumber.number).where(ReservedNumber.kind == "onsite_measures",
                                                                  ReservedNumber.state == "void")).all()
    assert sorted(void) == [n for n in issued_on_site["blocks"]["onsite_measures"]["numbers"] if n != body["number"]]
    make_user("supervisor", username="chief")
    db.session.commit()
    auth.login("chief")
    page = client.get("/documents/?kind=onsite_measures").get_data(as_text=True)
    assert page.count('<li data-kind="onsite_measures">') == len(void)
    assert f"第{void[0]:03d}号" in page


def test_the_numbers_of_a_refused_record_deleted_on_the_phone_are_void_and_never_given_again(
        client, auth, inspector, issued_on_site):
    """The record's first document meets a 409 (its number was released meanwhile); the phone keeps naming the
    decision's number while the record waits, then the inspector deletes the record: that number is void too,
    in the ledger, and no later block or document carries either."""
    blocks = issued_on_site["blocks"]
    year = blocks["inspection_record"]["year"]
    record_number, decision_number = blocks["inspection_record"]["numbers"][0], blocks["onsite_measures"]["numbers"][0]
    db.session.execute(ReservedNumber.__table__.update().where(ReservedNumber.kind == "inspection_record",
                                                               ReservedNumber.number == record_number)
                       .values(state="void", released_at=datetime.now(timezone.utc)))
    db.session.commit()
    signature = make_photo(inspector).uuid
    refused = post(client, auth, phone_request(issued_on_site, "inspection_record", signature=signature))
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "number_released"
    pending = f"inspection_record:{year}:{record_number},onsite_measures:{year}:{decision_number}"
    client.get("/api/v1/sync/pull", query_string={"device": PHONE, "pending": pending})
    assert _state("onsite_measures", decision_number) == "reserved"  # still the phone's while the record waits
    # deleted on the phone: the next pull no longer names its numbers
    fresh = {block["type"]: block for block in client.get("/api/v1/sync/pull", query_string={"device": PHONE})
             .get_json()["number_blocks"]}
    assert (_state("inspection_record", record_number), _state("onsite_measures", decision_number)) == ("void", "void")
    assert record_number not in fresh["inspection_record"]["numbers"]
    assert decision_number not in fresh["onsite_measures"]["numbers"]
    late = post(client, auth, phone_request(issued_on_site, "onsite_measures", signature=make_photo(inspector).uuid,
                                            number=decision_number))
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "number_released"
    assert count(Document) == 0
    make_user("supervisor", username="chief")
    db.session.commit()
    auth.login("chief")
    ledger = client.get("/documents/").get_data(as_text=True)
    assert f"第{record_number:03d}号" in ledger and f"第{decision_number:03d}号" in ledger
    assert '<li data-kind="onsite_measures">' in ledger and '<li data-kind="inspection_record">' in ledger


def _state(kind: str, number: int) -> str:
    db.session.expire_all()
    return db.session.scalar(select(ReservedNumber.state).where(ReservedNumber.kind == kind,
                                                                ReservedNumber.number == number))


def test_a_decision_served_on_site_puts_its_measure_in_force_under_its_number(client, auth, inspector,
                                                                              issued_on_site):
    from safety.measures.models import Measure
    body = phone_request(issued_on_site, "onsite_measures", signature=make_photo(inspector).uuid)
    document = db.session.get(Document, post(client, auth, body).get_json()["id"])
    [measure] = db.session.scalars(select(Measure)).all()
    assert (measure.decision_number, measure.document_id, measure.kind) == (document.reference, document.id,
                                                                            "stop_equipment")
    served = datetime.fromisoformat(body["receipt"]["served_at"]).date()  # sent in the office's zone (UTC+8)
    assert (measure.served_on, measure.status) == (served, "in_force")
