"""POST /api/v1/inspections: storing a synced inspection, its answers, hazards and photos."""
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from safety.checklists.models import TemplateItem, TemplateSection, TemplateVersion
from safety.extensions import db
from safety.hazards.lifecycle import derived_event_uuid
from safety.hazards.models import Hazard, HazardEvent
from safety.inspections.models import Answer, Inspection
from safety.photos.models import Photo
from tests.factories import make_enterprise, make_grid, make_hazard, make_photo, make_user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _nothing_stored() -> bool:
    attached = db.session.scalar(select(func.count()).select_from(Photo).where(Photo.purpose.is_not(None)))
    return (_count(Inspection), _count(Answer), _count(Hazard), _count(HazardEvent), attached) == (0, 0, 0, 0, 0)


def _answer(document, key) -> dict:
    return next(answer for answer in document["answers"] if answer["item_id"] == key)


def _deadline_hazard(**overrides) -> dict:
    hazard = {"uuid": str(uuid.uuid4()), "item_id": "fire-02", "description": "疏散通道堆放杂物",
              "level": "general", "mode": "deadline", "responsible_person": "王经理",
              "measures": "清理杂物，保持通道畅通", "deadline": (date.today() + timedelta(days=7)).isoformat(),
              "photos": [], "rectification_photos": []}
    hazard.update(overrides)
    return hazard


def _on_the_spot_hazard(rectification_photo, **overrides) -> dict:
    return _deadline_hazard(mode="on_the_spot", responsible_person="", measures="", deadline=None,
                            rectification_photos=[rectification_photo], **overrides)


def _events(hazard_uuid: str) -> list[HazardEvent]:
    hazard = db.session.scalar(select(Hazard).where(Hazard.uuid == hazard_uuid))
    return list(db.session.scalars(select(HazardEvent).where(HazardEvent.hazard_id == hazard.id)
                                   .order_by(HazardEvent.id)))


def test_a_new_inspection_is_stored_and_answered_201(send, document, inspector):
    response = send(document)
    assert response.status_code == 201
    body = response.get_json()
    assert body["uuid"] == document["uuid"]
    assert body["enterprise_code"] == "E0001"
    assert body["review_state"] == "submitted"
    assert body["inspector"] == {"username": "inspector", "name": "李检查"}
    assert body["received_at"]
    assert "duplicate" not in body
    assert [answer["item_id"] for answer in body["answers"]] == [a["item_id"] for a in document["answers"]]
    inspection = db.session.scalar(select(Inspection))
    assert inspection.inspector_id == inspector.id
    assert inspection.identified_by == "qr"
    assert _count(Answer) == len(document["answers"])


def test_times_are_kept_as_the_phone_gave_them_and_received_at_is_the_servers(send, document):
    send(document)
    inspection = db.session.scalar(select(Inspection))
    assert inspection.finished_at == datetime.fromisoformat(document["finished_at"])
    assert inspection.started_at == datetime.fromisoformat(document["started_at"])
    assert inspection.received_at > inspection.finished_at


def test_sending_it_again_stores_it_once_and_answers_200_duplicate(send, document):
    first = send(document).get_json()
    again = send(document)
    assert again.status_code == 200
    body = again.get_json()
    assert body.pop("duplicate") is True
    assert body == first
    assert _count(Inspection) == 1
    assert _count(Answer) == len(document["answers"])


def test_the_same_uuid_from_another_user_is_409(send, document, grid):
    make_user("inspector", username="colleague", grids=[grid])
    send(document)
    response = send(document, username="colleague")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "inspection_conflict"
    assert _count(Inspection) == 1


def test_a_draft_on_an_older_template_version_is_accepted(send, document, version):
    newer = TemplateVersion(template_id=version.template_id, version=2)
    newer.sections.append(TemplateSection(position=0, title="新版"))
    db.session.add(newer)
    db.session.flush()
    newer.sections[0].items.append(TemplateItem(key="fire-99", position=0, prompt="新增检查项", kind="pass_fail",
                                                version=newer))
    response = send(document)
    assert response.status_code == 201
    assert response.get_json()["template_version"] == 1


def test_numbers_and_text_answers_are_stored_by_their_items_kind(send, document):
    _answer(document, "fire-05")["value"] = 12.5
    _answer(document, "fire-06").update(value="灭火器压力正常", note="抽查三具")
    body = send(document).get_json()
    assert _answer(body, "fire-05")["value"] == 12.5
    assert _answer(body, "fire-06")["value"] == "灭火器压力正常"
    assert _answer(body, "fire-06")["note"] == "抽查三具"


def test_answer_photos_are_attached_to_their_answer(send, document, inspector):
    photo = make_photo(inspector)
    failed = _answer(document, "fire-01")
    failed.update(result="fail", photos=[photo.uuid])
    document["hazards"] = [_deadline_hazard(item_id="fire-01")]
    body = send(document).get_json()
    assert _answer(body, "fire-01")["photos"] == [photo.uuid]
    db.session.refresh(photo)
    answer = db.session.get(Answer, photo.answer_id)
    assert photo.purpose == "answer"
    assert answer.result == "fail"


def test_signatures_are_attached_to_the_inspection(send, document, inspector):
    mine, theirs = make_photo(inspector), make_photo(inspector)
    document["signatures"] = {"inspector": mine.uuid, "representative": theirs.uuid, "representative_name": "赵厂长"}
    body = send(document).get_json()
    assert body["signatures"] == {"inspector": mine.uuid, "representative": theirs.uuid,
                                  "representative_name": "赵厂长", "inspector_signed_revision": 1,
                                  "representative_signed_revision": 1,
                                  "representative_signed_sha256": body["signed_content_sha256"],
                                  "representative_absent_reason": ""}
    inspection = db.session.scalar(select(Inspection))
    db.session.refresh(mine)
    db.session.refresh(theirs)
    assert (mine.inspection_id, mine.purpose) == (inspection.id, "inspector_signature")
    assert (theirs.inspection_id, theirs.purpose) == (inspection.id, "representative_signature")


def test_a_hazard_by_deadline_is_open_with_its_found_event(send, document, inspector):
    evidence = make_photo(inspector)
    hazard_document = _deadline_hazard(photos=[evidence.uuid])
    document["hazards"] = [hazard_document]
    body = send(document).get_json()
    assert body["hazards"][0]["status"] == "open"
    assert body["hazards"][0]["photos"] == [evidence.uuid]
    hazard = db.session.scalar(select(Hazard))
    assert (hazard.item_key, hazard.responsible_person, hazard.deadline.isoformat()) == \
        ("fire-02", "王经理", hazard_document["deadline"])
    assert hazard.found_by_id == inspector.id
    assert hazard.found_at == datetime.fromisoformat(document["finished_at"])
    [found] = _events(hazard.uuid)
    assert (found.type, found.actor_id, found.role, found.applied) == ("found", inspector.id, "inspector", True)
    assert found.uuid == derived_event_uuid(hazard.uuid, "found")
    assert found.at == hazard.found_at
    db.session.refresh(evidence)
    assert (evidence.purpose, evidence.hazard_id, evidence.hazard_event_id) == ("hazard", hazard.id, found.id)


def test_a_general_hazard_fixed_on_the_spot_is_closed_by_the_same_inspection(send, document, inspector):
    before, after = make_photo(inspector), make_photo(inspector)
    document["hazards"] = [_on_the_spot_hazard(after.uuid, photos=[before.uuid])]
    body = send(document).get_json()
    assert body["hazards"][0]["status"] == "closed"
    assert body["hazards"][0]["rectification_photos"] == [after.uuid]
    hazard = db.session.scalar(select(Hazard))
    events = _events(hazard.uuid)
    assert [(e.type, e.from_status, e.to_status, e.applied) for e in events] == [
        ("found", None, "open", True), ("rectification_reported", "open", "rectified", True),
        ("recheck_passed", "rectified", "closed", True)]
    assert hazard.closed_at == datetime.fromisoformat(document["finished_at"])
    db.session.refresh(after)
    assert (after.purpose, after.hazard_id, after.hazard_event_id) == ("rectification", hazard.id, events[1].id)


def test_a_major_hazard_fixed_on_the_spot_awaits_verification(send, document, inspector):
    document["hazards"] = [_on_the_spot_hazard(make_photo(inspector).uuid, level="major")]
    body = send(document).get_json()
    assert body["hazards"][0]["status"] == "pending_verification"
    hazard = db.session.scalar(select(Hazard))
    assert hazard.closed_at is None
    assert [e.type for e in _events(hazard.uuid)] == ["found", "rectification_reported", "recheck_passed"]


def test_a_hazard_may_show_the_photos_of_its_own_failed_item(send, document, inspector):
    photo = make_photo(inspector)
    _answer(document, "fire-01").update(result="fail", photos=[photo.uuid])
    document["hazards"] = [_deadline_hazard(item_id="fire-01", photos=[photo.uuid])]
    body = send(document).get_json()
    assert _answer(body, "fire-01")["photos"] == [photo.uuid]
    assert body["hazards"][0]["photos"] == [photo.uuid]


def test_a_photo_not_yet_uploaded_is_refused_and_nothing_is_stored(send, document, inspector):
    uploaded = make_photo(inspector)
    absent = [str(uuid.uuid4()), str(uuid.uuid4())]
    _answer(document, "fire-01").update(result="fail", photos=[uploaded.uuid, absent[0]])
    document["hazards"] = [_deadline_hazard(item_id="fire-01", photos=[absent[1]])]
    response = send(document)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "photo_missing"
    assert absent[0] in error["message"] and absent[1] in error["message"]
    assert error["field"] == "answers[0].photos[1]"
    assert _nothing_stored()


def test_a_photo_uploaded_by_someone_else_is_403(send, document, grid):
    colleague = make_user("inspector", username="colleague", grids=[grid])
    document["signatures"] = {"inspector": make_photo(colleague).uuid}
    response = send(document)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("photo_not_yours", "signatures.inspector")
    assert _nothing_stored()


def test_a_photo_already_attached_to_another_record_is_409(send, document, inspector, enterprise):
    hazard = make_hazard(enterprise)
    taken = make_photo(inspector, hazard_id=hazard.id, purpose="hazard")
    document["signatures"] = {"representative": taken.uuid}
    response = send(document)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "photo_already_attached"
    assert _count(Inspection) == 0


def test_a_hazard_uuid_stored_with_another_inspection_is_409(send, document, enterprise):
    stored = make_hazard(enterprise)
    document["hazards"] = [_deadline_hazard(uuid=stored.uuid)]
    response = send(document)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("hazard_conflict", "hazards[0].uuid")
    assert _count(Inspection) == 0


def test_an_enterprise_outside_the_inspectors_grids_is_403(send, document):
    elsewhere = make_enterprise(grid=make_grid(code="G9"), code="E0009")
    document["enterprise_code"] = elsewhere.code
    response = send(document)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("enterprise_out_of_scope", "enterprise_code")
    assert _nothing_stored()


def test_an_unknown_enterprise_is_404(send, document):
    document["enterprise_code"] = "NOPE"
    response = send(document)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "enterprise_not_found"


def test_an_unknown_template_version_is_404(send, document):
    document["template_version"] = 7
    response = send(document)
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == ("template_not_found", "template_version")


def test_a_supervisor_may_record_an_inspection(send, document):
    make_user("supervisor", username="chief")
    response = send(document, username="chief")
    assert response.status_code == 201
    assert response.get_json()["inspector"]["username"] == "chief"


@pytest.mark.parametrize("role", ["enterprise", "admin"])
def test_enterprise_users_and_admins_do_not_record_inspections(send, document, enterprise, role):
    make_user(role, username="someone", enterprise=enterprise if role == "enterprise" else None)
    response = send(document, username="someone")
    assert response.status_code == 403
    assert _count(Inspection) == 0


def test_malformed_json_is_400(client, auth, inspector):
    auth.login("inspector")
    response = client.post("/api/v1/inspections", data='{"uuid": ', content_type="application/json",
                           headers=auth.headers())
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_a_form_post_is_415(client, auth, inspector, document):
    auth.login("inspector")
    response = client.post("/api/v1/inspections", data={"uuid": document["uuid"]}, headers=auth.headers())
    assert response.status_code == 415


def test_without_csrf_token_nothing_is_stored(client, auth, inspector, document):
    auth.login("inspector")
    response = client.post("/api/v1/inspections", json=document)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert _count(Inspection) == 0


def test_hazards_add_no_queries_beyond_their_own_rows(send, document, inspector, count_statements):
    # warm up: the session, sign-in, and the year's hazard numbers (the first hazard of a year starts them)
    send(dict(document, uuid=str(uuid.uuid4()), hazards=[_on_the_spot_hazard(make_photo(inspector).uuid)]))

    def statements_for(hazards: int) -> list[str]:
        doc = dict(document, uuid=str(uuid.uuid4()))
        doc["hazards"] = [_on_the_spot_hazard(make_photo(inspector).uuid, photos=[make_photo(inspector).uuid])
                          for _n in range(hazards)]
        db.session.commit()
        with count_statements() as statements:
            assert send(doc).status_code == 201
        if db.engine.dialect.name == "sqlite":
            # SQLite cannot hand back the ids of a batch in order, so the ORM inserts hazards and
            # events one row at a time there (in-process, no round trip); PostgreSQL batches them.
            return [s for s in statements if not s.startswith(("INSERT INTO hazards", "INSERT INTO hazard_events"))]
        return statements

    assert len(statements_for(1)) == len(statements_for(6))


def test_storing_takes_the_same_number_of_queries_for_thirty_answers_as_for_three(send, enterprise, inspector,
                                                                                    count_statements):
    from tests.factories import inspection_document, make_template

    def statements_for(items: int) -> int:
        doc = inspection_document(enterprise, make_template(name=f"表{items}", items=items).versions[0])
        db.session.commit()
        with count_statements() as statements:
            assert send(doc).status_code == 201
        return len(statements)

    statements_for(3)  # warm up: the session and sign-in
    assert statements_for(3) == statements_for(30)
